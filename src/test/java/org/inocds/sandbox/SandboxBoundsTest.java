package org.inocds.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 22 defect 5: one 300 MB POST, or 398 writes of 1 MB, ran the JVM out of memory. The sandbox obeys the request
 * body limit (5 MB, declared or not) and keeps at most what its bounds allow (here 3 resources and 64 KB written).
 */
@TestPropertySource(properties = {"inocds.sandbox.max-written-resources=3", "inocds.sandbox.max-written-bytes=64KB"})
class SandboxBoundsTest extends ServiceHttpTest {

    @Autowired
    SandboxStore store;

    private int put(String id, String body) {
        return cds.send(HttpRequest.newBuilder(URI.create(cds.fhirBase() + "/Patient/" + id)).header("Content-Type", "application/fhir+json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build()).status();
    }

    private static String patient(String id, int padding) {
        return "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"name\":[{\"text\":\"" + "x".repeat(padding) + "\"}]}";
    }

    @Test
    void aBodyOverTheLimitIsRefusedDeclaredOrChunked() {
        int before = store.size();
        var declared = cds.send(HttpRequest.newBuilder(URI.create(cds.fhirBase() + "/Patient")).header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(patient("big", 6 * 1024 * 1024))).build());
        assertThat(declared.status()).isEqualTo(413);
        // no length declared: the stream is cut at the limit
        byte[] body = patient("big2", 6 * 1024 * 1024).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var chunked = cds.send(HttpRequest.newBuilder(URI.create(cds.fhirBase() + "/Patient")).header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> (InputStream) new java.io.ByteArrayInputStream(body))).build());
        assertThat(chunked.status()).isBetween(400, 599);
        assertThat(store.size()).isEqualTo(before);
        assertThat(cds.get(cds.fhirBase() + "/Patient/demo-jp-c2", Map.of()).status()).as("the sandbox still answers").isEqualTo(200);
    }

    @Test
    void whatCallersWriteIsBoundedInCountAndBytes() {
        assertThat(put("w1", patient("w1", 40_000))).isEqualTo(201);
        assertThat(put("w2", patient("w2", 30_000))).as("past 64 KB written").isEqualTo(413);
        assertThat(put("w1", patient("w1", 10))).as("an update replaces what it took").isEqualTo(200);
        assertThat(put("w2", patient("w2", 10))).isEqualTo(201);
        assertThat(put("w3", patient("w3", 10))).isEqualTo(201);
        assertThat(put("w4", patient("w4", 10))).as("past 3 resources").isEqualTo(413);
        assertThat(cds.send(HttpRequest.newBuilder(URI.create(cds.fhirBase() + "/Patient/w3")).DELETE().build()).status()).isIn(200, 204);
        assertThat(put("w4", patient("w4", 10))).isEqualTo(201);
    }
}
