package org.inocds.support;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/** The whole service on a random port, with its embedded FHIR sandbox and the demo patients, on 2026-01-10. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties =
        "spring.datasource.url=jdbc:h2:mem:inocds-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1")
@Import(FixedClockConfiguration.class)
public abstract class ServiceHttpTest {

    @LocalServerPort
    protected int port;

    protected CdsHttp cds;

    @BeforeEach
    void client() {
        cds = new CdsHttp(port);
    }
}
