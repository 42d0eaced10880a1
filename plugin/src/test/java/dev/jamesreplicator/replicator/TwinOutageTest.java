package dev.jamesreplicator.replicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import dev.jamesreplicator.sync.SyncException;
import dev.jamesreplicator.wire.WireException;

class TwinOutageTest {
    private final MutableClock clock = new MutableClock();
    private final TwinOutage outage = new TwinOutage(clock);

    @Test
    void aSuccessAfterFailuresLastingAWhileEndsAnOutage() {
        outage.sessionFailed();
        clock.advance(TwinOutage.MIN_OUTAGE);
        outage.sessionFailed();

        assertThat(outage.sessionSucceeded()).isTrue();
        assertThat(outage.sessionSucceeded()).as("only once").isFalse();
    }

    @Test
    void oneUserFailingAmongSuccessesIsNoOutage() {
        for (int i = 0; i < 10; i++) {
            outage.sessionFailed();
            clock.advance(Duration.ofMillis(500));
            assertThat(outage.sessionSucceeded()).isFalse();
        }
    }

    @Test
    void theTwinIsKnownUnreachableUntilASessionSucceeds() {
        CompletableFuture<Void> signal = outage.whenUnreachable();
        assertThat(outage.unreachable()).isEmpty();

        assertThat(outage.unreachable("refused")).isTrue();
        assertThat(outage.unreachable("refused again")).as("known already").isFalse();
        assertThat(signal).isCompleted();
        assertThat(outage.whenUnreachable()).isCompleted();
        assertThat(outage.unreachable()).contains("refused again");

        outage.sessionFailed();
        assertThat(outage.unreachable()).as("a failure does not end it").isPresent();
        outage.sessionSucceeded();

        assertThat(outage.unreachable()).isEmpty();
        assertThat(outage.whenUnreachable()).isNotDone();
        assertThat(outage.unreachable("refused")).as("a new outage").isTrue();
    }

    @Test
    void failuresAtTheNetworkMeanUnreachable() {
        assertThat(TwinOutage.isUnreachable(linkFailure(new ConnectException("Connection refused")))).isTrue();
        assertThat(TwinOutage.isUnreachable(linkFailure(new SocketException("Connection reset")))).isTrue();
        assertThat(TwinOutage.isUnreachable(linkFailure(new SocketTimeoutException("connect timed out")))).isTrue();
        assertThat(TwinOutage.isUnreachable(linkFailure(new EOFException()))).as("closed under the session").isTrue();
    }

    @Test
    void failuresTheTwinAnsweredDoNotMeanUnreachable() {
        assertThat(TwinOutage.isUnreachable(new SyncException(SyncException.Code.FAILED, "the twin refused: no such user"))).isFalse();
        assertThat(TwinOutage.isUnreachable(new SyncException(SyncException.Code.FAILED, "authentication failed",
            new WireException("the twin's proof does not match")))).isFalse();
        assertThat(TwinOutage.isUnreachable(linkFailure(new SSLHandshakeException("certificate unknown")))).isFalse();
        assertThat(TwinOutage.isUnreachable(new IllegalStateException("a bug"))).isFalse();
    }

    private static SyncException linkFailure(Exception cause) {
        return new SyncException(SyncException.Code.FAILED, "cannot reach the twin: " + cause.getMessage(),
            new WireException("cannot reach the twin at 127.0.0.1:2: " + cause.getMessage(), cause));
    }
}
