package org.inocds.regimen;

/**
 * How many cycles the label allows (the label digest "Cycles"; 用法・用量に関連する使用上の注意 2, 3): with HSCT planned, the
 * fewest that work and none after cycle 3 (CYC-1, CYC-2); without, a response by the end of cycle 3 (CYC-3) and at most
 * 6 cycles, efficacy and safety from cycle 7 on not being established (CYC-4).
 */
public final class CycleLimit {

    /** With HSCT planned: stop by the end of this cycle unless therapeutically unavoidable. */
    public static final int WITH_HSCT_PLANNED = 3;
    /** CR/CRi is expected by the end of this cycle. */
    public static final int RESPONSE_BY = 3;
    /** Without HSCT planned: the last cycle. */
    public static final int MAXIMUM = 6;

    private CycleLimit() {}

    /** The last cycle allowed. */
    public static int last(boolean hsctPlanned) {
        return hsctPlanned ? WITH_HSCT_PLANNED : MAXIMUM;
    }
}
