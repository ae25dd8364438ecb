package org.inocds.record;

/** A position in the regimen: cycle (1…) and day within it (1, 8 or 15). */
public record CycleDay(int cycle, int day) {
    public CycleDay {
        if (cycle < 1 || day < 1) {
            throw new IllegalArgumentException("cycle and day start at 1");
        }
    }

    @Override
    public String toString() {
        return "C" + cycle + "D" + day;
    }
}
