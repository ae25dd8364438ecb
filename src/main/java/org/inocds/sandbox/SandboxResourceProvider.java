package org.inocds.sandbox;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;
import org.inocds.json.BoundedJson;

/**
 * Read, write and search one resource type of the sandbox. Search answers what the prefetch templates
 * ask: patient/subject, code and category ({@code system|code}, comma lists), status, clinical-status,
 * the type's date parameter with {@code ge}/{@code le}/…, {@code _sort=date|-date} and {@code _count}
 * with paging.
 */
public class SandboxResourceProvider<T extends Resource> implements IResourceProvider {

    private final Class<T> type;
    private final String typeName;
    private final SandboxStore store;
    private final FhirContext fhir;

    private final BoundedJson json;

    public SandboxResourceProvider(BoundedJson json, Class<T> type, SandboxStore store, FhirContext fhir) {
        this.json = json;
        this.type = type;
        this.typeName = type.getSimpleName();
        this.store = store;
        this.fhir = fhir;
    }

    /**
     * Stores a caller's resource within the sandbox's bounds; 413 beyond them. What is kept is the resource read back from
     * its encoded form, and that is what is counted: its encoded bytes, or what its JSON elements become where that is
     * more ({@link BoundedJson#heapOf}, in bytes of ordinary JSON). The resource as parsed may hold far more than it
     * encodes to — 200,000 extensions with a url and no value encode to nothing (issue 22: a dozen such writes, counted
     * as 42 bytes each, held a 512 MB heap).
     */
    private T write(T resource) {
        String encoded = fhir.newJsonParser().encodeResourceToString(resource);
        byte[] bytes = encoded.getBytes(StandardCharsets.UTF_8);
        long counted;
        try {
            counted = (BoundedJson.heapOf(bytes.length, json.count(bytes, "the resource written")) + BoundedJson.HEAP_PER_BYTE - 1)
                    / BoundedJson.HEAP_PER_BYTE;
        } catch (BoundedJson.TooManyElements e) {
            throw new PayloadTooLargeException(e.getMessage());
        }
        T kept = fhir.newJsonParser().parseResource(type, encoded);
        try {
            store.write(kept, counted);
        } catch (SandboxStore.Full e) {
            throw new PayloadTooLargeException(e.getMessage());
        }
        return kept;
    }

    @Override
    public Class<T> getResourceType() {
        return type;
    }

    @Read
    public T read(@IdParam IIdType id) {
        return store.get(typeName, id.getIdPart()).map(type::cast)
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }

    @Create
    public MethodOutcome create(@ResourceParam T resource) {
        resource.setId((String) null);
        T kept = write(resource);
        return new MethodOutcome(new IdType(typeName, kept.getIdElement().getIdPart()), true);
    }

    @Update
    public MethodOutcome update(@IdParam IIdType id, @ResourceParam T resource) {
        boolean created = store.get(typeName, id.getIdPart()).isEmpty();
        resource.setId(id.getIdPart());
        write(resource);
        return new MethodOutcome(new IdType(typeName, id.getIdPart()), created);
    }

    @Delete
    public MethodOutcome delete(@IdParam IIdType id) {
        if (!store.remove(typeName, id.getIdPart())) {
            throw new ResourceNotFoundException(id);
        }
        return new MethodOutcome();
    }

    @Search(allowUnknownParams = false)
    public IBundleProvider search(
            @OptionalParam(name = "_id") TokenOrListParam ids,
            @OptionalParam(name = "patient") ReferenceParam patient,
            @OptionalParam(name = "subject") ReferenceParam subject,
            @OptionalParam(name = "code") TokenOrListParam code,
            @OptionalParam(name = "category") TokenOrListParam category,
            @OptionalParam(name = "status") TokenOrListParam status,
            @OptionalParam(name = "clinical-status") TokenOrListParam clinicalStatus,
            @OptionalParam(name = "date") DateRangeParam date,
            @OptionalParam(name = "effective-time") DateRangeParam effectiveTime,
            @OptionalParam(name = "authoredon") DateRangeParam authoredOn,
            @OptionalParam(name = "authored") DateRangeParam authored,
            @OptionalParam(name = "onset-date") DateRangeParam onsetDate,
            @Sort SortSpec sort,
            @Count Integer count) {
        // by patient (every prefetch template): only that patient's resources are looked at
        ReferenceParam byPatient = patient != null ? patient : subject;
        Stream<Resource> found = byPatient != null && SearchFields.hasPatient(typeName) && byPatient.getIdPart() != null
                ? store.ofPatient(typeName, byPatient.getIdPart()).stream()
                : store.all(typeName).stream();
        if (ids != null) {
            found = found.filter(r -> ids.getValuesAsQueryTokens().stream()
                    .anyMatch(t -> t.getValue().equals(r.getIdElement().getIdPart())));
        }
        for (ReferenceParam ref : new ReferenceParam[] {patient, subject}) {
            if (ref != null) {
                require(SearchFields.hasPatient(typeName), ref == patient ? "patient" : "subject");
                String wanted = ref.getIdPart();
                found = found.filter(r -> SearchFields.patient(r)
                        .map(p -> p.getReferenceElement().getIdPart())
                        .filter(wanted::equals).isPresent());
            }
        }
        found = filterCodings(found, code, "code", SearchFields::code);
        found = filterCodings(found, category, "category", SearchFields::category);
        found = filterText(found, status, "status", SearchFields::status);
        found = filterText(found, clinicalStatus, "clinical-status", SearchFields::clinicalStatus);
        found = filterDate(found, date, "date");
        found = filterDate(found, effectiveTime, "effective-time");
        found = filterDate(found, authoredOn, "authoredon");
        found = filterDate(found, authored, "authored");
        found = filterDate(found, onsetDate, "onset-date");

        List<Resource> results = sorted(found, sort);
        var provider = new SimpleBundleProvider(results);
        if (count != null) {
            provider.setPreferredPageSize(count);
        }
        return provider;
    }

    private List<Resource> sorted(Stream<Resource> found, SortSpec sort) {
        if (sort == null) {
            return found.sorted(Comparator.comparing(r -> r.getIdElement().getIdPart())).toList();
        }
        String dateParam = SearchFields.dateParameter(typeName).orElse("date");
        if (!sort.getParamName().equals("date") && !sort.getParamName().equals(dateParam)) {
            throw new InvalidRequestException("the sandbox sorts " + typeName + " by " + dateParam + " only");
        }
        // each resource's date read once, not at every comparison (a long history sorted on every page was most of a fetch)
        Comparator<Dated> byDate = Comparator.comparingLong(Dated::start);
        if (sort.getOrder() == SortOrderEnum.DESC) {
            byDate = byDate.reversed();
        }
        return found.map(r -> new Dated(SearchFields.date(r).map(d -> d[0]).orElse(Long.MIN_VALUE), r)).sorted(byDate)
                .map(Dated::resource).toList();
    }

    /** A resource with the start of its date, for sorting. */
    private record Dated(long start, Resource resource) {}

    private Stream<Resource> filterCodings(Stream<Resource> found, TokenOrListParam tokens, String name,
            Function<Resource, Optional<List<Coding>>> field) {
        if (tokens == null) {
            return found;
        }
        return found.filter(r -> {
            var codings = field.apply(r);
            require(codings.isPresent(), name);
            return tokens.getValuesAsQueryTokens().stream().anyMatch(t -> codings.get().stream().anyMatch(c -> matches(t, c)));
        });
    }

    private static boolean matches(TokenParam token, Coding coding) {
        boolean systemOk = token.getSystem() == null || token.getSystem().isEmpty() || token.getSystem().equals(coding.getSystem());
        boolean codeOk = token.getValue() == null || token.getValue().isEmpty() || token.getValue().equals(coding.getCode());
        return systemOk && codeOk;
    }

    private Stream<Resource> filterText(Stream<Resource> found, TokenOrListParam tokens, String name,
            Function<Resource, Optional<String>> field) {
        if (tokens == null) {
            return found;
        }
        return found.filter(r -> {
            var value = field.apply(r);
            require(value.isPresent(), name);
            return tokens.getValuesAsQueryTokens().stream().anyMatch(t -> t.getValue().equals(value.get()));
        });
    }

    private Stream<Resource> filterDate(Stream<Resource> found, DateRangeParam range, String name) {
        if (range == null) {
            return found;
        }
        require(SearchFields.dateParameter(typeName).filter(p -> p.equals(name)).isPresent(), name);
        Long lower = range.getLowerBoundAsInstant() == null ? null : range.getLowerBoundAsInstant().getTime();
        Long upper = range.getUpperBoundAsInstant() == null ? null : range.getUpperBoundAsInstant().getTime();
        return found.filter(r -> SearchFields.date(r)
                .filter(d -> (lower == null || d[1] >= lower) && (upper == null || d[0] <= upper))
                .isPresent());
    }

    private void require(boolean supported, String parameter) {
        if (!supported) {
            throw new InvalidRequestException("the sandbox does not search " + typeName + " by " + parameter);
        }
    }
}
