package org.inocds.rules;

/** The three moments the service is called at (docs/design.md "Services"). */
public enum Hook {
    ORDER_SELECT("order-select"),
    ORDER_SIGN("order-sign"),
    PATIENT_VIEW("patient-view");

    private final String code;

    Hook(String code) {
        this.code = code;
    }

    /** The CDS Hooks hook name. */
    public String code() {
        return code;
    }
}
