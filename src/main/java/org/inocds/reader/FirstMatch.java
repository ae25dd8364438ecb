package org.inocds.reader;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.inocds.knowledge.CodeSet;

/**
 * Which of several code sets, taken in order, a concept is in: the first whose set holds any of its codings — what
 * asking each set in turn ({@link CodedConcept#in}) answers, found with one lookup per coding. Every result of a long
 * history asks which analyte it is; asking each analyte's set in turn was a tenth of a heavy call.
 *
 * @param <K> what each set stands for (an analyte)
 */
final class FirstMatch<K> {

    private record Ranked<K>(int rank, K key) {}

    private record RankedPrefix<K>(CodeSet.Prefix prefix, Ranked<K> ranked) {}

    /** system → code → the earliest set listing it. */
    private final Map<String, Map<String, Ranked<K>>> exact = new HashMap<>();
    private final List<RankedPrefix<K>> prefixes = new ArrayList<>();

    /** @param sets in the order they are asked */
    FirstMatch(LinkedHashMap<K, CodeSet> sets) {
        int rank = 0;
        for (var entry : sets.entrySet()) {
            var ranked = new Ranked<>(rank++, entry.getKey());
            for (String systemAndCode : entry.getValue().systemAndCodes()) {
                int bar = systemAndCode.indexOf('|'); // a system is a URI and has no '|'; a code may
                exact.computeIfAbsent(systemAndCode.substring(0, bar), s -> new HashMap<>())
                        .putIfAbsent(systemAndCode.substring(bar + 1), ranked);
            }
            entry.getValue().prefixes().forEach(p -> prefixes.add(new RankedPrefix<>(p, ranked)));
        }
    }

    Optional<K> of(CodedConcept concept) {
        Ranked<K> best = null;
        for (CodedConcept.Code c : concept.codings()) {
            if (c.system() == null || c.code() == null) {
                continue;
            }
            Map<String, Ranked<K>> codes = exact.get(c.system());
            Ranked<K> hit = codes == null ? null : codes.get(c.code());
            if (hit != null && (best == null || hit.rank() < best.rank())) {
                best = hit;
            }
            for (RankedPrefix<K> p : prefixes) {
                if ((best == null || p.ranked().rank() < best.rank()) && p.prefix().system().equals(c.system())
                        && c.code().startsWith(p.prefix().prefix())) {
                    best = p.ranked();
                }
            }
        }
        return best == null ? Optional.empty() : Optional.of(best.key());
    }
}
