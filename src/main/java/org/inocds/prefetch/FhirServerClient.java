package org.inocds.prefetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorStatus;
import org.apache.hc.core5.util.Timeout;
import org.inocds.json.BoundedJson;
import org.inocds.reader.PrefetchOutcome;
import org.inocds.security.SelfFetch;
import org.inocds.settings.InocdsProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Reads one prefetch query from the EHR's FHIR server: a read or a search whose {@code next} links are
 * followed up to the page cap. Redirects are never followed and {@code next} links must stay on the
 * same origin, so the bearer token goes to {@code fhirServer}'s origin only.
 */
@Component
public class FhirServerClient implements AutoCloseable {

    /** The outcome of one query; {@code unreachable} separates transport failures from FHIR errors. */
    public record Result(PrefetchOutcome outcome, boolean unreachable) {}

    private final CloseableHttpAsyncClient http;
    private final List<Thread> ioThreads = new CopyOnWriteArrayList<>();
    /** FHIR resources nest, but not this deep (a Bundle of Observations with components is about 10). */
    private static final int MAX_FHIR_NESTING = 64;

    private final ObjectMapper mapper;
    private final BoundedJson json;
    private final InocdsProperties.Fetch settings;
    private final SelfFetch self;

    @Autowired
    public FhirServerClient(ObjectMapper mapper, InocdsProperties properties, CheckedAddresses addresses, SelfFetch self) {
        this(mapper, properties.fetch(), properties.limits().maxJsonElements(), addresses, self);
    }

    FhirServerClient(ObjectMapper mapper, InocdsProperties.Fetch settings, DnsResolver dns) {
        this(mapper, settings, dns, new SelfFetch());
    }

    /** Tests that build the client alone: no bound on a response's elements. */
    FhirServerClient(ObjectMapper mapper, InocdsProperties.Fetch settings, DnsResolver dns, SelfFetch self) {
        this(mapper, settings, Long.MAX_VALUE, dns, self);
    }

    /**
     * @param dns the only DNS the client has: in the service, the addresses the fhirServer policy checked
     *     ({@link CheckedAddresses}), so the connection goes to what was checked
     * @param self the proof, sent only to this service's own sandbox, that a fetch is the service's own
     */
    /** @param maxElements JSON elements one response may hold ({@code inocds.limits.max-json-elements}); more → the key failed */
    FhirServerClient(ObjectMapper mapper, InocdsProperties.Fetch settings, long maxElements, DnsResolver dns, SelfFetch self) {
        this.settings = settings;
        this.self = self;
        this.mapper = mapper;
        this.json = new BoundedJson(MAX_FHIR_NESTING, maxElements);
        var connections = PoolingAsyncClientConnectionManagerBuilder.create()
                .setDnsResolver(dns)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setSocketTimeout(Timeout.of(settings.readTimeout()))
                        .build())
                .setMaxConnTotal(200)
                .setMaxConnPerRoute(20)
                .build();
        this.http = HttpAsyncClients.custom()
                .setThreadFactory(r -> {
                    Thread t = new Thread(r, "fhir-fetch-io");
                    t.setDaemon(true);
                    ioThreads.add(t);
                    return t;
                })
                .setConnectionManager(connections)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
        this.http.start();
    }

    @Override
    public void close() {
        http.close(CloseMode.IMMEDIATE);
    }

    /**
     * Whether the client can fetch: its I/O reactor active and every I/O thread alive. An error on an I/O thread (the
     * heap run out while a response arrives) ends that thread while the reactor still says it is active, and every
     * fetch after it fails at once (issue 22: every fetched call answered 412 in 3 ms with readiness UP); readiness
     * reports this ({@code fhirFetch}).
     */
    public boolean running() {
        return http.getStatus() == IOReactorStatus.ACTIVE && !ioThreads.isEmpty() && ioThreads.stream().noneMatch(t -> t.getState() == Thread.State.TERMINATED);
    }

    /** The client's I/O threads (a test ends one to see readiness fall). */
    List<Thread> ioThreads() {
        return List.copyOf(ioThreads);
    }

    /** How many keys of one call may be fetched at once ({@code inocds.fetch.max-parallel}). */
    int maxParallel() {
        return Math.max(1, settings.maxParallel());
    }

    /**
     * A budget for one call: {@code inocds.fetch.call-deadline} and {@code max-call-size}, starting now, its bytes also
     * charged to {@code shared}.
     */
    FetchBudget newBudget(FetchedDataBudget.Charge shared) {
        return new FetchBudget(settings.callDeadline(), settings.maxCallSize().toBytes(), shared);
    }

    /** One query alone, its data charged to a budget of its own as large as the call's limit (tests, tools). */
    public CompletableFuture<Result> fetch(String key, String relativeQuery, FhirAccess access) {
        var alone = new FetchedDataBudget(DataSize.ofBytes(
                settings.maxCallSize().toBytes() * InocdsProperties.Fetch.FETCHED_EXPANSION));
        return fetch(key, relativeQuery, access, newBudget(alone.open()));
    }

    CompletableFuture<Result> fetch(String key, String relativeQuery, FhirAccess access, FetchBudget budget) {
        boolean read = !relativeQuery.contains("?");
        // Ask for our page size, so that what is read does not depend on the server's own paging.
        URI first = resolve(access.baseUrl(), read || relativeQuery.contains("_count=") ? relativeQuery
                : relativeQuery + "&_count=" + settings.pageSize());
        return fetchPages(key, read, first, access, new Gathered(), 1, budget);
    }

    private CompletableFuture<Result> fetchPages(
            String key, boolean read, URI uri, FhirAccess access, Gathered acc, int page, FetchBudget budget) {
        Duration timeout = settings.readTimeout().compareTo(budget.remaining()) < 0 ? settings.readTimeout() : budget.remaining();
        if (timeout.isZero()) {
            return done(PrefetchOutcome.failed(key, deadlineProblem(budget)));
        }
        var request = SimpleRequestBuilder.get(uri)
                .addHeader("Accept", "application/fhir+json")
                // a real server's search cache (HAPI JPA reuses results for 60 s) must not hide a dose given just now
                .addHeader("Cache-Control", "no-cache");
        access.bearerToken().ifPresent(token -> request.addHeader("Authorization", "Bearer " + token));
        if (access.thisService()) {
            // this process's own sandbox (every page: next links stay on its origin), not a caller's request
            request.addHeader(SelfFetch.HEADER, self.secret());
        }
        var context = HttpClientContext.create();
        context.setRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).setRedirectsEnabled(false).build());
        CompletableFuture<CappedBody.Answer> answer = new CompletableFuture<>();
        var exchange = http.execute(SimpleRequestProducer.create(request.build()), new CappedBody(settings.maxResponseSize().toBytes(), budget),
                null, context, new FutureCallback<>() {
                    @Override
                    public void completed(CappedBody.Answer result) {
                        answer.complete(result);
                    }

                    @Override
                    public void failed(Exception ex) {
                        answer.completeExceptionally(ex);
                    }

                    @Override
                    public void cancelled() {
                        answer.completeExceptionally(new CancellationException("cut off at the call's deadline"));
                    }
                });
        budget.register(exchange);
        answer.whenComplete((r, e) -> budget.unregister(exchange));
        return answer
                .thenCompose(response -> onResponse(key, read, response, access, acc, page, budget))
                .exceptionally(error -> transportFailure(key, error, budget));
    }

    static String deadlineProblem(FetchBudget budget) {
        return "the FHIR server did not finish within the call's time budget of " + budget.length().toMillis() + " ms; cut off";
    }

    private CompletableFuture<Result> onResponse(String key, boolean read, CappedBody.Answer response, FhirAccess access,
            Gathered acc, int page, FetchBudget budget) {
        int status = response.status();
        JsonNode body;
        try {
            // what the response becomes is charged before it is built (its bytes were as they arrived): a page of
            // {}-dense resources within every byte cap became a hundred bytes of heap a byte (issue 22)
            if (response.body().length > 0) {
                switch (budget.takeAsRead(response.body().length, json.count(response.body(), "the FHIR response"))) {
                    case CALL_LIMIT -> {
                        return done(PrefetchOutcome.failed(key, "the JSON elements of this call's FHIR responses"
                                + " were over its limit (max-call-size); not read"));
                    }
                    case SERVICE_BUSY -> {
                        return done(PrefetchOutcome.failed(key, "the service holds as much fetched data as it may; not read"));
                    }
                    case TAKEN -> { }
                }
            }
            body = response.body().length == 0 ? mapper.nullNode() : json.read(response.body(), "the FHIR response");
        } catch (BoundedJson.TooManyElements e) {
            return done(PrefetchOutcome.failed(key, e.getMessage() + "; not read"));
        } catch (BoundedJson.Refused e) {
            if (status == 200) {
                return done(PrefetchOutcome.failed(key, e.getMessage()));
            }
            body = mapper.nullNode();
        }
        if (read && (status == 404 || status == 410)) {
            // A read of a resource that does not exist: the same as a client's null prefetch value.
            return done(new PrefetchOutcome(key, PrefetchOutcome.Status.NONE_FOUND, List.of(), Optional.empty()));
        }
        if (status >= 300 && status < 400) {
            return done(PrefetchOutcome.failed(key, "FHIR server answered HTTP " + status + " (redirects are not followed)"));
        }
        if (status != 200) {
            return done(PrefetchOutcome.failed(key, "FHIR server answered HTTP " + status + describe(body)));
        }
        if (!(body instanceof ObjectNode object)) {
            return done(PrefetchOutcome.failed(key, "FHIR server answered with no JSON resource"));
        }
        String type = object.path("resourceType").asText("");
        if (type.equals("OperationOutcome")) {
            return done(PrefetchOutcome.failed(key, "FHIR server answered with an OperationOutcome" + describe(object)));
        }
        if (!type.equals("Bundle")) {
            acc.resources.add(object);
            return done(new PrefetchOutcome(key, PrefetchOutcome.Status.FETCHED, acc.resources, Optional.empty()));
        }
        BundleEntries.addResources(object, acc.resources);
        if (page == 1 && object.path("total").canConvertToInt()) {
            acc.total = Optional.of(object.path("total").asInt());
        }
        Optional<String> next = BundleEntries.nextLink(object);
        if (next.isEmpty()) {
            return done(new PrefetchOutcome(key, PrefetchOutcome.Status.FETCHED, acc.resources, Optional.empty()));
        }
        URI nextUri;
        try {
            nextUri = access.baseUrl().resolve(next.get());
        } catch (IllegalArgumentException e) {
            return done(new PrefetchOutcome(key, PrefetchOutcome.Status.TRUNCATED, acc.resources,
                    Optional.of("next link is not a valid URL")));
        }
        if (!sameOrigin(nextUri, access.baseUrl())) {
            return done(new PrefetchOutcome(key, PrefetchOutcome.Status.TRUNCATED, acc.resources,
                    Optional.of("next link leaves the FHIR server's origin; not followed")));
        }
        if (acc.resources.size() >= settings.maxResourcesPerKey() || page >= settings.maxPages()) {
            String of = acc.total.map(t -> " of " + t).orElse("");
            return done(new PrefetchOutcome(key, PrefetchOutcome.Status.TRUNCATED, acc.resources,
                    Optional.of("read " + acc.resources.size() + of + " resources (limit " + settings.maxResourcesPerKey() + " resources, "
                            + settings.maxPages() + " pages); the rest was not read")));
        }
        if (budget.expired()) {
            return done(new PrefetchOutcome(key, PrefetchOutcome.Status.TRUNCATED, acc.resources, Optional.of(deadlineProblem(budget))));
        }
        return fetchPages(key, false, nextUri, access, acc, page + 1, budget);
    }

    /** What one key's pages have given so far, and the server's total when the first page stated one. */
    private static final class Gathered {
        final List<ObjectNode> resources = new ArrayList<>();
        Optional<Integer> total = Optional.empty();
    }

    private static CompletableFuture<Result> done(PrefetchOutcome outcome) {
        return CompletableFuture.completedFuture(new Result(outcome, false));
    }

    private static Result transportFailure(String key, Throwable error, FetchBudget budget) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof CappedBody.TooLarge tooLarge) {
            return new Result(PrefetchOutcome.failed(key, tooLarge.getMessage() + "; not read"), false);
        }
        if (budget.serviceBusy()) {
            return new Result(PrefetchOutcome.failed(key, "the service holds as much fetched data as it may; not read"), false);
        }
        if (budget.expired()) {
            return new Result(PrefetchOutcome.failed(key, deadlineProblem(budget)), false);
        }
        String what;
        if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException
                || cause instanceof CancellationException) {
            what = "FHIR server did not answer in time";
        } else if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
            what = "FHIR server could not be reached";
        } else if (cause instanceof IOException) {
            what = "FHIR server connection failed";
        } else {
            what = "FHIR fetch failed";
        }
        return new Result(PrefetchOutcome.failed(key, what), true);
    }

    private static String describe(JsonNode body) {
        JsonNode issue = body.path("issue").path(0);
        String text = issue.path("diagnostics").asText(issue.path("details").path("text").asText(""));
        if (text.isEmpty()) {
            return "";
        }
        return ": " + (text.length() > 200 ? text.substring(0, 200) + "…" : text);
    }

    static URI resolve(URI base, String relativeQuery) {
        String b = base.toString();
        String joined = (b.endsWith("/") ? b : b + "/") + encodeQuery(relativeQuery);
        return URI.create(joined);
    }

    /** Percent-encodes the characters of a FHIR query that URI does not accept raw (|, spaces, non-ASCII). */
    private static String encodeQuery(String relativeQuery) {
        StringBuilder out = new StringBuilder();
        for (char c : relativeQuery.toCharArray()) {
            if (c == '|') {
                out.append("%7C");
            } else if (c == ' ') {
                out.append("%20");
            } else if (c > 127) {
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(String.format("%02X", b));
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(lower(a.getScheme()), lower(b.getScheme()))
                && Objects.equals(lower(a.getHost()), lower(b.getHost()))
                && port(a) == port(b);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static int port(URI u) {
        if (u.getPort() != -1) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}
