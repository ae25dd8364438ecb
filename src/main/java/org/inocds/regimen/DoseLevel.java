package org.inocds.regimen;

/**
 * The dose levels of the label's dose-modification table (the label digest "Holds and dose modification"; 用法・用量に
 * 関連する使用上の注意 4): each hold of 14 days or more lowers the level by one, and the level never goes back up.
 * Level 0 is the full dose; 1, every dose of the cycle 25 % lower; 2, two doses per cycle; 3, stop.
 */
public final class DoseLevel {

    /** The full dose. */
    public static final int FULL = 0;
    /** The third reduction: inotuzumab is stopped (MOD-3). */
    public static final int DISCONTINUE = 3;

    private DoseLevel() {}

    /** No level goes past {@link #DISCONTINUE}. */
    public static int capped(int level) {
        return Math.min(DISCONTINUE, level);
    }

    /** At this level no further dose is given. */
    public static boolean discontinued(int level) {
        return level >= DISCONTINUE;
    }
}
