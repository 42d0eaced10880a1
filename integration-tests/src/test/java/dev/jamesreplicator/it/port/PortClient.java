package dev.jamesreplicator.it.port;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A hand-written client of the replication port, written from docs/wire-protocol.md rather than
 * from the plugin's classes: it can speak the protocol right, or wrong on purpose.
 */
public final class PortClient implements AutoCloseable {
    public static final int PROTOCOL_VERSION = 8;
    public static final byte HELLO = 1;
    public static final byte PROOF = 2;
    public static final byte CALL = 3;
    public static final byte ERROR = 6;
    private static final Pattern JSON_STRING = Pattern.compile("\"(node|nonce|salt)\"\\s*:\\s*\"([^\"]*)\"");

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final String channelBinding;

    private PortClient(Socket socket, String channelBinding) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new DataOutputStream(socket.getOutputStream());
        this.channelBinding = channelBinding;
    }

    /** A plain TCP connection, from {@code sourceAddress} (null: any). */
    public static PortClient plain(String host, int port, String sourceAddress) throws IOException {
        Socket socket = new Socket();
        if (sourceAddress != null) {
            socket.bind(new InetSocketAddress(sourceAddress, 0));
        }
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(20_000);
        return new PortClient(socket, "plain");
    }

    /** A TLS connection presenting the certificate in {@code keystore}; it trusts any server certificate. */
    public static PortClient tls(String host, int port, KeyStore keystore, char[] keystorePassword) throws IOException {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(keystore, keystorePassword);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), new TrustManager[] {new TrustAnything()}, new SecureRandom());
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(20_000);
            socket.setEnabledProtocols(new String[] {"TLSv1.3"});
            socket.startHandshake();
            Certificate server = socket.getSession().getPeerCertificates()[0];
            Certificate client = socket.getSession().getLocalCertificates()[0];
            return new PortClient(socket, "tls " + sha256Hex(server.getEncoded()) + " " + sha256Hex(client.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void sendFrame(byte type, String payload) throws IOException {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length + 1);
        out.writeByte(type);
        out.write(bytes);
        out.flush();
    }

    public static byte[] frame(byte type, String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(frame);
        try {
            data.writeInt(bytes.length + 1);
            data.writeByte(type);
            data.write(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return frame.toByteArray();
    }

    /** The next frame as {type, payload}; an EOFException when the server hung up instead. */
    public Received receive() throws IOException {
        int length = in.readInt();
        if (length < 1 || length > 1 << 20) {
            throw new IOException("a frame length of " + length);
        }
        byte type = in.readByte();
        byte[] payload = new byte[length - 1];
        in.readFully(payload);
        return new Received(type, new String(payload, StandardCharsets.UTF_8));
    }

    /** Whether the server closes the connection within {@code limit}, reading (and dropping) what it sends. */
    public boolean closedByServerWithin(Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        InputStream input = socket.getInputStream();
        byte[] buffer = new byte[4096];
        while (System.nanoTime() < deadline) {
            socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
            try {
                if (input.read(buffer) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException stillOpen) {
                return false;
            } catch (SocketException | EOFException | javax.net.ssl.SSLException reset) {
                return true;
            }
        }
        return false;
    }

    public static String hello(int protocol, String node, String nonce) {
        return "{\"protocol\":" + protocol + ",\"node\":\"" + node + "\",\"nonce\":\"" + nonce + "\"}";
    }

    public static String newNonce() {
        byte[] nonce = new byte[32];
        new SecureRandom().nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** The client's PROOF payload for this connection, as docs/wire-protocol.md defines it. */
    public String proof(String password, String clientNode, String clientNonce, Received serverHello) {
        String serverNode = field(serverHello.payload(), "node");
        String serverNonce = field(serverHello.payload(), "nonce");
        String salt = field(serverHello.payload(), "salt");
        Matcher iterationsField = Pattern.compile("\"iterations\"\\s*:\\s*(\\d+)").matcher(serverHello.payload());
        if (!iterationsField.find()) {
            throw new IllegalArgumentException("no iterations in " + serverHello.payload());
        }
        int iterations = Integer.parseInt(iterationsField.group(1));
        byte[] stretched;
        try {
            stretched = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), Base64.getDecoder().decode(salt), iterations, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        byte[] key = hmac(stretched, "james-replicator key v2".getBytes(StandardCharsets.UTF_8));
        String transcript = String.join("\n", "client", Integer.toString(PROTOCOL_VERSION), clientNode, clientNonce,
            serverNode, serverNonce, salt, Integer.toString(iterations), channelBinding);
        return "{\"mac\":\"" + Base64.getEncoder().encodeToString(hmac(key, transcript.getBytes(StandardCharsets.UTF_8))) + "\"}";
    }

    private static String field(String json, String name) {
        Matcher matcher = JSON_STRING.matcher(json);
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return matcher.group(2);
            }
        }
        throw new IllegalArgumentException("no " + name + " in " + json);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256Hex(byte[] bytes) throws GeneralSecurityException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).toUpperCase(Locale.ROOT);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    public record Received(byte type, String payload) {
    }

    private static final class TrustAnything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
