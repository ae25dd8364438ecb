package org.inocds.cards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.orderHook;
import static org.inocds.support.HookRequests.withFhirServer;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import java.math.BigDecimal;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;

/** docs/design.md "Card contract": every resource in a suggestion is valid R4, by HAPI's validator. */
class SuggestionValidityTest extends ServiceHttpTest {

    @Test
    void doseUpdateSuggestionIsValidR4() {
        FhirContext fhir = FhirContext.forR4Cached();
        var chain = new ValidationSupportChain(new DefaultProfileValidationSupport(fhir),
                new InMemoryTerminologyServerValidationSupport(fhir), new CommonCodeSystemsTerminologyService(fhir));
        FhirValidator validator = fhir.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));

        var request = orderHook("order-sign", "demo-us-c1d1",
                inotuzumabOrder("draft-1", "demo-us-c1d1", new BigDecimal("2.5"), "mg", "2026-01-10"));
        var answer = cds.call("inotuzumab-order-sign", withFhirServer(request, cds.fhirBase()));
        var resource = answer.json().at("/cards/0/suggestions/0/actions/0/resource");
        assertThat(resource.isObject()).isTrue();

        var result = validator.validateWithResult(resource.toString());
        var errors = result.getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .map(m -> m.getLocationString() + " " + m.getMessage())
                .toList();
        assertThat(errors).isEmpty();

        // the same check does catch an invalid MedicationRequest
        var broken = ((com.fasterxml.jackson.databind.node.ObjectNode) resource.deepCopy()).put("status", "bogus");
        broken.remove("intent");
        assertThat(validator.validateWithResult(broken.toString()).getMessages())
                .anyMatch(m -> m.getSeverity() == ResultSeverityEnum.ERROR);
    }
}
