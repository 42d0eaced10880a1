package dev.jamesreplicator.wire;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.jamesreplicator.config.HostPort;
import dev.jamesreplicator.config.ReplicationConfig;
import dev.jamesreplicator.config.TlsMode;

/** Who may connect to the replication port, whether it speaks TLS, and how failed logins are throttled. */
public final class WireSecurity {
    private static final Logger LOGGER = LoggerFactory.getLogger(WireSecurity.class);

    private final TlsChannel tls;
    private final AllowList allowList;
    private final LoginThrottle throttle;

    public WireSecurity(TlsChannel tls, AllowList allowList, LoginThrottle throttle) {
        this.tls = tls;
        this.allowList = allowList;
        this.throttle = throttle;
    }

    /** Plaintext, any address, default throttling: for tests and tools on loopback. */
    public static WireSecurity plaintext() {
        return new WireSecurity(TlsChannel.off(), AllowList.any(), LoginThrottle.defaults());
    }

    public static WireSecurity forConfig(ReplicationConfig config) {
        if (config.tls().mode() == TlsMode.OFF && !(isLoopback(config.bind()) && isLoopback(config.twin()))) {
            LOGGER.warn("Replication with {} is not encrypted (<tls> is off in conf/replication.xml): users' mail crosses "
                + "the network in clear. See the Security section of the README to set up TLS.", config.twin());
        }
        return new WireSecurity(TlsChannel.from(config.tls()), AllowList.forConfig(config.allowFrom(), config.twin()),
            LoginThrottle.defaults());
    }

    private static boolean isLoopback(HostPort hostPort) {
        try {
            return InetAddress.getByName(hostPort.host()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public TlsChannel tls() {
        return tls;
    }

    public AllowList allowList() {
        return allowList;
    }

    public LoginThrottle throttle() {
        return throttle;
    }
}
