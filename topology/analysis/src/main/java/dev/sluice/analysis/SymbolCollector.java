package dev.sluice.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Keeps the first names in document order, up to a cap.
 *
 * <p>A name is only known when its node closes (the name may follow the node's children), so
 * names arrive in closing order; each carries the position at which its node opened, and the
 * collector keeps the {@code cap} earliest positions in a max-heap.
 */
final class SymbolCollector {

    private record Symbol(long position, String name) {
    }

    private final int cap;
    private final PriorityQueue<Symbol> latestFirst =
            new PriorityQueue<>(Comparator.comparingLong(Symbol::position).reversed());

    SymbolCollector(int cap) {
        this.cap = cap;
    }

    void add(long position, String name) {
        if (latestFirst.size() < cap) {
            latestFirst.add(new Symbol(position, name));
        } else if (cap > 0 && position < latestFirst.peek().position()) {
            latestFirst.poll();
            latestFirst.add(new Symbol(position, name));
        }
    }

    List<String> inDocumentOrder() {
        List<Symbol> sorted = new ArrayList<>(latestFirst);
        sorted.sort(Comparator.comparingLong(Symbol::position));
        List<String> names = new ArrayList<>(sorted.size());
        for (Symbol s : sorted) {
            names.add(s.name());
        }
        return names;
    }
}
