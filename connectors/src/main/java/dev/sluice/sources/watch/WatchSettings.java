package dev.sluice.sources.watch;

import dev.sluice.sources.ScanRules;

/**
 * How a watcher behaves: which files it takes, the debounce window that coalesces bursts per file, the longest a busy
 * file waits, and whether events carry a content hash.
 */
public record WatchSettings(ScanRules rules, long debounceMs, long maxDelayMs, boolean hashContent) {
    public WatchSettings {
        if (debounceMs < 0 || maxDelayMs < debounceMs) {
            throw new IllegalArgumentException("need 0 <= debounce (" + debounceMs + ") <= max delay (" + maxDelayMs + ")");
        }
    }
}
