package dev.sluice.sources;

import java.util.function.LongSupplier;

/**
 * Paces a producer to a number of files per second, so a scan of a big repository does not flood a shared cluster or
 * disk. Allows a burst of up to one second's worth after an idle spell, no more.
 */
public final class RateLimiter {
    private final double perSecond;
    private final LongSupplier nanoClock;
    private double available;
    private long lastNanos;

    /** @param perSecond files per second; 0 or less for no limit */
    public RateLimiter(double perSecond) {
        this(perSecond, System::nanoTime);
    }

    /** As {@link #RateLimiter(double)}, on {@code nanoClock} ({@link System#nanoTime()} but in a test). */
    public RateLimiter(double perSecond, LongSupplier nanoClock) {
        this.perSecond = perSecond;
        this.nanoClock = nanoClock;
        this.available = Math.max(1, perSecond);
        this.lastNanos = nanoClock.getAsLong();
    }

    public boolean isLimited() {
        return perSecond > 0;
    }

    /** How many files may go now, at most {@code wanted}; takes them. */
    public synchronized int take(int wanted) {
        if (!isLimited()) {
            return wanted;
        }
        refill();
        int granted = (int) Math.min(wanted, Math.floor(available));
        available -= granted;
        return granted;
    }

    /** Milliseconds until the next file may go (0 when one may go now). */
    public synchronized long millisUntilNext() {
        if (!isLimited()) {
            return 0;
        }
        refill();
        return available >= 1 ? 0 : (long) Math.ceil((1 - available) / perSecond * 1000);
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        available = Math.min(Math.max(1, perSecond), available + (now - lastNanos) / 1e9 * perSecond);
        lastNanos = now;
    }
}
