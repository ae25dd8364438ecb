package org.inocds.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Two replicas behind one load balancer share the database: a token id seen by one is refused by the other until
 * it expires. On H2 always, and on PostgreSQL when CI provides one (skipped, and reported so, without it).
 */
class DatabaseJtiReplayStoreTest {

    static Stream<List<String>> databases() {
        var h2 = List.of("jdbc:h2:mem:jti-" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
        String pg = System.getenv("INOCDS_TEST_POSTGRES_URL");
        if (pg == null) {
            System.err.println("DatabaseJtiReplayStoreTest: INOCDS_TEST_POSTGRES_URL not set — PostgreSQL case SKIPPED");
            return Stream.of(h2);
        }
        return Stream.of(h2, List.of(pg, System.getenv().getOrDefault("INOCDS_TEST_POSTGRES_USER", "inocds"),
                System.getenv().getOrDefault("INOCDS_TEST_POSTGRES_PASSWORD", "inocds")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aJtiSeenByOneReplicaIsRefusedByTheOther(List<String> db) {
        var source = new DriverManagerDataSource(db.get(0), db.get(1), db.get(2));
        Flyway.configure().dataSource(source).locations("classpath:db/migration").load().migrate();
        var jdbc = new JdbcTemplate(source);
        var replicaA = new DatabaseJtiReplayStore(jdbc);
        var replicaB = new DatabaseJtiReplayStore(jdbc);
        Instant now = Instant.now();
        String jti = "jti-" + System.nanoTime();

        assertThat(replicaA.firstUse("https://ehr.example.org", jti, now.plusSeconds(300), now)).isTrue();
        assertThat(replicaB.firstUse("https://ehr.example.org", jti, now.plusSeconds(300), now)).as("replay to the other replica").isFalse();
        assertThat(replicaA.firstUse("https://ehr.example.org", jti, now.plusSeconds(300), now)).isFalse();
        assertThat(replicaB.firstUse("https://other.example.org", jti, now.plusSeconds(300), now)).as("another issuer's id").isTrue();

        // once expired and purged, the row is gone (a purge runs at most once a minute, on the next token)
        Instant later = now.plusSeconds(3600);
        assertThat(replicaB.firstUse("https://ehr.example.org", "fresh-" + System.nanoTime(), later.plusSeconds(300), later)).isTrue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM seen_jti WHERE jti = ?", Long.class, jti)).isZero();
    }
}
