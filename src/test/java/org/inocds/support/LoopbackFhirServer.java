package org.inocds.support;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/** A FHIR server a test plays on loopback: {@code /fhir} answered by the test's handler, on daemon threads. */
public final class LoopbackFhirServer {

    private LoopbackFhirServer() {
    }

    public static HttpServer start(String threadName, int threads, HttpHandler fhir) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            server.setExecutor(Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            }));
            server.createContext("/fhir", fhir);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
