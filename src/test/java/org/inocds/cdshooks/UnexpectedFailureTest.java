package org.inocds.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.inocds.support.HookRequests.inotuzumabOrder;
import static org.inocds.support.HookRequests.orderHook;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import java.math.BigDecimal;
import org.inocds.reader.PatientRecordReader;
import org.inocds.support.ServiceHttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/** A failure nobody planned for: 500, an OperationOutcome with a correlation id, no stack trace, no detail. */
class UnexpectedFailureTest extends ServiceHttpTest {

    @MockitoBean
    PatientRecordReader reader;

    @Test
    void unexpectedFailureIs500WithACorrelationIdAndNoInternals() {
        when(reader.readDraftOrders(any(), any(), any()))
                .thenThrow(new IllegalStateException("internal detail: patient Yamada Hanako"));
        var request = orderHook("order-sign", "demo-us-c1d1",
                inotuzumabOrder("draft-1", "demo-us-c1d1", new BigDecimal("1.6"), "mg", "2026-01-10"));
        var answer = cds.call("inotuzumab-order-sign", request);
        ErrorResponsesTest.assertOperationOutcome(answer, 500, "exception", "internal error; correlation id ");
        String id = answer.header("X-Correlation-Id");
        assertThat(id).matches("[0-9a-f\\-]{36}");
        assertThat(answer.json().at("/issue/0/diagnostics").asText()).endsWith(id);
        assertThat(answer.body()).doesNotContain("Yamada", "IllegalState", "internal detail");
    }
}
