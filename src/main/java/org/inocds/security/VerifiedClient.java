package org.inocds.security;

/** The CDS client a verified JWT identifies: its issuer and subject. */
public record VerifiedClient(String issuer, String subject) {

    /** Request attribute under which the verified client travels to the handlers. */
    public static final String ATTRIBUTE = "org.inocds.security.client";
}
