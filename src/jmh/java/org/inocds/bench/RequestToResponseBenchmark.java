package org.inocds.bench;

import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.orderHook;
import static org.inocds.support.HookRequests.withFullPrefetch;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.inocds.InocdsApplication;
import org.inocds.cards.RenderContext;
import org.inocds.cdshooks.CdsRequestReader;
import org.inocds.cdshooks.CdsServiceCatalog;
import org.inocds.cdshooks.HookCallHandler;
import org.inocds.cdshooks.RequestBodyBudget;
import org.inocds.json.BoundedJson;
import org.inocds.sandbox.DemoData;
import org.inocds.sandbox.SandboxStore;
import org.inocds.support.CdsHttp;
import org.inocds.support.FixedClockConfiguration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * An order-sign call from request bytes to response bytes, in process (no HTTP): the request read and validated, the
 * prefetch read into the patient's record, the rules, the cards rendered and written — beside its floors in the same run:
 * Jackson reading the request into a tree, and HAPI parsing the request's FHIR resources. The typical patient (cycle 2
 * day 1) and the heavy one with 1, 4 and 8 lab draws a sampling day (docs/performance.md). Run with scripts/jmh.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime) // each call timed: the median stands up to this shared machine's noise better than a mean
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class RequestToResponseBenchmark {

    @Param({"typical", "heavy", "heavy4", "heavy8"})
    public String patient;

    private ConfigurableApplicationContext ctx;
    private byte[] body;
    private List<String> bundles;
    private CdsRequestReader reader;
    private HookCallHandler handler;
    private CdsServiceCatalog catalog;
    private RequestBodyBudget budget;
    private ObjectMapper mapper;
    private IParser hapi;
    private final BoundedJson bounded = new BoundedJson(64);

    @Setup(Level.Trial)
    public void start() throws Exception {
        ctx = new SpringApplicationBuilder(InocdsApplication.class, FixedClockConfiguration.class).run("--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:jmh;DB_CLOSE_DELAY=-1", "--logging.level.root=warn");
        var store = ctx.getBean(SandboxStore.class);
        DemoData.load(ctx.getBean(FhirContext.class), store, "file:fhir-resources/scenarios/*.bundle.json", FixedClockConfiguration.TODAY);
        FhirContext fhir = ctx.getBean(FhirContext.class);
        String id = switch (patient) {
            case "typical" -> BenchmarkServer.TYPICAL;
            case "heavy" -> load(store, fhir, 1);
            case "heavy4" -> load(store, fhir, 4);
            default -> load(store, fhir, 8);
        };
        var cds = new CdsHttp(((WebServerApplicationContext) ctx).getWebServer().getPort());
        var request = withFullPrefetch(orderHook("order-sign", id, inotuzumabOrder("draft-1", id, new BigDecimal("1.00"), "mg", "2026-01-10")),
                cds, "inotuzumab-order-sign");
        body = request.toString().getBytes(StandardCharsets.UTF_8);
        bundles = new ArrayList<>();
        request.get("prefetch").forEach(v -> bundles.add(v.toString()));
        reader = ctx.getBean(CdsRequestReader.class);
        handler = ctx.getBean(HookCallHandler.class);
        catalog = ctx.getBean(CdsServiceCatalog.class);
        budget = ctx.getBean(RequestBodyBudget.class);
        mapper = ctx.getBean(ObjectMapper.class);
        hapi = ctx.getBean(FhirContext.class).newJsonParser();
    }

    private String load(SandboxStore store, FhirContext fhir, int draws) {
        String id = "jmh-heavy" + draws;
        HeavyPatient.load(store, fhir, id, draws, true);
        return id;
    }

    @TearDown(Level.Trial)
    public void stop() {
        ctx.close();
    }

    /** The whole call, without HTTP: bytes in, cards out as bytes. */
    @Benchmark
    public byte[] call() throws Exception {
        var http = new BulkReadRequest(body);
        var service = catalog.find("inotuzumab-order-sign").orElseThrow();
        try (var charge = budget.open()) {
            var request = reader.read(http, service.hookType(), charge);
            var response = handler.handle(service, request, Optional.empty(),
                    (drafts, patientId, order) -> new RenderContext(Locale.ENGLISH, "http://localhost", drafts, Optional.empty(), patientId));
            return mapper.writeValueAsBytes(response);
        }
    }

    /**
     * A request whose body is read in blocks, as Tomcat's is. Spring's mock hands its body over one byte per call
     * (DelegatingServletInputStream has no block read), which made reading 400 KB look like 40 % of a heavy call.
     */
    private static final class BulkReadRequest extends MockHttpServletRequest {
        private final byte[] content;

        BulkReadRequest(byte[] content) {
            super("POST", "/cds-services/inotuzumab-order-sign");
            this.content = content;
            setContentType("application/json");
        }

        @Override
        public int getContentLength() {
            return content.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            var in = new ByteArrayInputStream(content);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }
    }

    /** Floor 1: Jackson reading the request bytes into a tree. */
    @Benchmark
    public JsonNode jacksonReadsTheRequest() throws Exception {
        return mapper.readTree(body);
    }

    /**
     * Floor 1, as the service must read: the same tree with the trust boundary's limits (duplicate keys refused, decimals
     * kept exact and their exponents bounded, nesting depth) — {@link BoundedJson}, which the call uses.
     */
    @Benchmark
    public JsonNode boundedJsonReadsTheRequest() throws Exception {
        return bounded.read(body, "request");
    }

    /** Floor 2: HAPI parsing the request's FHIR resources (each prefetch value) from text. */
    @Benchmark
    public int hapiParsesTheResources() {
        int n = 0;
        for (String bundle : bundles) {
            if (!bundle.equals("null")) {
                hapi.parseResource(bundle);
                n++;
            }
        }
        return n;
    }
}
