package dev.jamesreplicator.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

import com.google.common.net.InetAddresses;

/** One entry of {@code <allowFrom>}: an IPv4 or IPv6 address, or a CIDR block such as {@code 192.0.2.0/24}. */
public final class AddressRange {
    private final byte[] network;
    private final int prefixLength;

    private AddressRange(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** An address literal (never a host name: no DNS here) with an optional {@code /prefix}. */
    public static AddressRange parse(String text) {
        String value = text.trim();
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        if (!InetAddresses.isInetAddress(address)) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR block");
        }
        byte[] bytes = canonical(InetAddresses.forString(address)).getAddress();
        int maxPrefix = bytes.length * 8;
        int prefix = maxPrefix;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(value.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > maxPrefix) {
                throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + maxPrefix);
            }
        }
        return new AddressRange(mask(bytes, prefix), prefix);
    }

    public static AddressRange of(InetAddress address) {
        byte[] bytes = canonical(address).getAddress();
        return new AddressRange(bytes, bytes.length * 8);
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = canonical(address).getAddress();
        return bytes.length == network.length && Arrays.equals(mask(bytes, prefixLength), network);
    }

    /** An IPv4-mapped IPv6 address (::ffff:192.0.2.1, as a dual-stack socket reports) is the IPv4 address. */
    private static InetAddress canonical(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
                return InetAddresses.fromInteger(((b[12] & 0xff) << 24) | ((b[13] & 0xff) << 16) | ((b[14] & 0xff) << 8) | (b[15] & 0xff));
            }
        }
        return address;
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] masked = bytes.clone();
        for (int bit = prefix; bit < masked.length * 8; bit++) {
            masked[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return masked;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressRange && prefixLength == ((AddressRange) o).prefixLength
            && Arrays.equals(network, ((AddressRange) o).network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefixLength;
    }

    @Override
    public String toString() {
        try {
            InetAddress address = InetAddress.getByAddress(network);
            String text = InetAddresses.toAddrString(address);
            return address instanceof Inet4Address && prefixLength == 32 || address instanceof Inet6Address && prefixLength == 128
                ? text : text + "/" + prefixLength;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
