package org.inocds.browser;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** A folder served on loopback, as a single-page app: an unknown path is the index page. */
final class StaticFiles {

    private StaticFiles() {}

    static HttpServer serve(Path root) throws IOException {
        Path base = root.toAbsolutePath().normalize();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            Path file = base.resolve(path.equals("/") ? "index.html" : path.substring(1)).normalize();
            if (!file.startsWith(base) || !Files.isRegularFile(file)) {
                file = base.resolve("index.html");
            }
            byte[] body = Files.readAllBytes(file);
            String name = file.getFileName().toString();
            exchange.getResponseHeaders().add("Content-Type", name.endsWith(".js") ? "text/javascript" : name.endsWith(".png") ? "image/png"
                    : name.endsWith(".css") ? "text/css" : name.endsWith(".json") ? "application/json" : "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}
