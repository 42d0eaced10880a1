package dev.jamesreplicator.config;

import java.net.InetSocketAddress;
import java.util.Objects;

/** A host and a TCP port, as written in {@code <bind>} and {@code <twin>}: {@code host:port}. */
public final class HostPort {
    private final String host;
    private final int port;

    public HostPort(String host, int port) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the port " + port + " is not between 1 and 65535");
        }
        this.host = host;
        this.port = port;
    }

    /** Parses {@code host:port}, {@code [ipv6]:port}, or a bare host with the default port. */
    public static HostPort parse(String text, int defaultPort) {
        String value = text.trim();
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "' opens '[' without closing it");
            }
            String host = value.substring(1, close);
            String rest = value.substring(close + 1);
            return new HostPort(host, rest.isEmpty() ? defaultPort : parsePort(rest.substring(1), text));
        }
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            return new HostPort(value, defaultPort);
        }
        if (value.indexOf(':') != colon) {
            throw new IllegalArgumentException("'" + text + "' has several ':'; write an IPv6 address as [addr]:port");
        }
        return new HostPort(value.substring(0, colon), parsePort(value.substring(colon + 1), text));
    }

    private static int parsePort(String port, String whole) {
        try {
            return Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + whole + "' has no port number after ':'");
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HostPort)) {
            return false;
        }
        HostPort other = (HostPort) o;
        return port == other.port && host.equals(other.host);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port);
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
