package dev.sluice.batching;

import dev.sluice.config.SignatureLimitsValidator;
import dev.sluice.config.SluiceConfig;

import java.util.Map;

/** The batcher's settings, read once from the configuration. */
public record BatchingSettings(int maxFiles, long maxBytes, long lingerMs, boolean mixed,
                               Map<String, Integer> signatureMaxFiles, long targetMs, int minFiles, boolean force,
                               int retries, long retryBackoffMs, long timeoutMs, int maxInFlightFiles,
                               long maxInFlightBytes, int maxCrashes) {

    public static BatchingSettings from(SluiceConfig config) {
        return new BatchingSettings(
                config.getInt(SluiceConfig.MAX_BATCH_FILES_CONFIG),
                config.getLong(SluiceConfig.MAX_BATCH_BYTES_CONFIG),
                config.getLong(SluiceConfig.BATCH_LINGER_MS_CONFIG),
                "mixed".equals(config.getString(SluiceConfig.BATCH_GROUPING_CONFIG)),
                SignatureLimitsValidator.parse(SluiceConfig.BATCH_SIGNATURE_MAX_FILES_CONFIG,
                        config.getList(SluiceConfig.BATCH_SIGNATURE_MAX_FILES_CONFIG)),
                config.getLong(SluiceConfig.BATCH_TARGET_MS_CONFIG),
                Math.min(config.getInt(SluiceConfig.BATCH_MIN_FILES_CONFIG), config.getInt(SluiceConfig.MAX_BATCH_FILES_CONFIG)),
                config.getBoolean(SluiceConfig.ANALYSIS_FORCE_CONFIG),
                config.getInt(SluiceConfig.ANALYSIS_RETRIES_CONFIG),
                config.getLong(SluiceConfig.ANALYSIS_RETRY_BACKOFF_MS_CONFIG),
                config.getLong(SluiceConfig.ANALYSIS_TIMEOUT_MS_CONFIG),
                config.getInt(SluiceConfig.ANALYSIS_MAX_IN_FLIGHT_FILES_CONFIG),
                config.getLong(SluiceConfig.ANALYSIS_MAX_IN_FLIGHT_BYTES_CONFIG),
                config.getInt(SluiceConfig.ANALYSIS_MAX_CRASHES_CONFIG));
    }

    /** The same settings with the other grouping, for a preview that shows strict and mixed side by side. */
    public BatchingSettings withMixed(boolean mixedGrouping) {
        return new BatchingSettings(maxFiles, maxBytes, lingerMs, mixedGrouping, signatureMaxFiles, targetMs, minFiles,
                force, retries, retryBackoffMs, timeoutMs, maxInFlightFiles, maxInFlightBytes, maxCrashes);
    }

    /**
     * How often the punctuation runs that forwards finished batches and checks linger: often enough that a finished
     * batch waits a few milliseconds for it and a batch closes within a quarter linger of its deadline.
     */
    public long punctuateIntervalMs() {
        return Math.max(1, Math.min(lingerMs / 4, 10));
    }
}
