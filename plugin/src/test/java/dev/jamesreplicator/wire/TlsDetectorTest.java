package dev.jamesreplicator.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import com.google.common.base.Ticker;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

class TlsDetectorTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(TlsDetector.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void listen() {
        appender.start();
        logger.addAppender(appender);
        logger.setAdditive(false);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(appender);
        logger.setAdditive(true);
    }

    @Test
    void everyPlaintextConnectionTakenUnderTlsOnIsLoggedWithinTheBudget() {
        LogBudget budget = new LogBudget(2, Duration.ofMinutes(1), Ticker.systemTicker());
        for (int i = 0; i < 3; i++) {
            EmbeddedChannel channel = new EmbeddedChannel(new TlsDetector(null, budget));
            channel.writeInbound(Unpooled.copiedBuffer("HELLO {\"version\":5}", StandardCharsets.US_ASCII));
            assertThat(channel.pipeline().get(TlsDetector.class)).as("plaintext goes on as plaintext").isNull();
            channel.finishAndReleaseAll();
        }

        List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
        assertThat(lines).hasSize(2).allMatch(line -> line.contains("in plaintext") && line.contains("<tls>required</tls>"));
    }
}
