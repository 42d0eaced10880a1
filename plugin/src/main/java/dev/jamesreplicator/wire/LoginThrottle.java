package dev.jamesreplicator.wire;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/**
 * Failed logins per source address: after {@code freeFailures} failures an address is refused at
 * accept for a backoff that starts at {@code firstBackoff} and doubles with each further failure
 * up to {@code maxBackoff}. An hour without failures forgets the address. A successful login does
 * not: whoever shares the twin's address (NAT, the same host) must not get a fresh set of guesses
 * each time the twin logs in.
 */
public final class LoginThrottle {
    public static final int DEFAULT_FREE_FAILURES = 5;
    public static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(15);

    private final int freeFailures;
    private final long firstBackoffNanos;
    private final long maxBackoffNanos;
    private final Ticker ticker;
    private final Cache<InetAddress, Failures> failures;

    public LoginThrottle(int freeFailures, Duration firstBackoff, Duration maxBackoff, Ticker ticker) {
        this.freeFailures = freeFailures;
        this.firstBackoffNanos = firstBackoff.toNanos();
        this.maxBackoffNanos = maxBackoff.toNanos();
        this.ticker = ticker;
        this.failures = CacheBuilder.newBuilder().maximumSize(10_000).expireAfterWrite(1, TimeUnit.HOURS).ticker(ticker).build();
    }

    public static LoginThrottle defaults() {
        return new LoginThrottle(DEFAULT_FREE_FAILURES, DEFAULT_FIRST_BACKOFF, DEFAULT_MAX_BACKOFF, Ticker.systemTicker());
    }

    /** How much longer {@code address} is refused; zero when it may try. */
    public Duration blockedFor(InetAddress address) {
        Failures entry = failures.getIfPresent(address);
        if (entry == null) {
            return Duration.ZERO;
        }
        synchronized (entry) {
            return entry.blocked ? Duration.ofNanos(Math.max(0, entry.blockedUntil - ticker.read())) : Duration.ZERO;
        }
    }

    public void failed(InetAddress address) {
        Failures entry;
        try {
            entry = failures.get(address, Failures::new);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
        synchronized (entry) {
            entry.count++;
            if (entry.count >= freeFailures) {
                long backoff = firstBackoffNanos;
                for (int i = freeFailures; i < entry.count && backoff < maxBackoffNanos; i++) {
                    backoff *= 2;
                }
                entry.blocked = true;
                entry.blockedUntil = ticker.read() + Math.min(backoff, maxBackoffNanos);
            }
        }
        failures.put(address, entry);
    }

    private static final class Failures {
        private int count;
        private boolean blocked;
        private long blockedUntil;
    }
}
