package org.inocds.cdshooks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.stereotype.Component;

/** Writes the OperationOutcome bodies of error answers with HAPI. */
@Component
public class OperationOutcomes {

    private final ThreadLocal<IParser> parser;

    public OperationOutcomes(FhirContext fhir) {
        this.parser = ThreadLocal.withInitial(fhir::newJsonParser);
    }

    public String error(String issueType, String diagnostics) {
        var outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.fromCode(issueType))
                .setDiagnostics(diagnostics);
        return parser.get().encodeResourceToString(outcome);
    }
}
