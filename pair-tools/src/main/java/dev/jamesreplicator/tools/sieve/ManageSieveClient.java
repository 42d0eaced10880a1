package dev.jamesreplicator.tools.sieve;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A ManageSieve client (RFC 5804), enough for James 3.8.1's server: verify reads scripts with
 * it, the integration tests change them. SASL PLAIN with an initial response, without TLS,
 * PUTSCRIPT with a non-synchronizing literal, SETACTIVE, RENAMESCRIPT, DELETESCRIPT,
 * LISTSCRIPTS and GETSCRIPT. Scripts are ASCII with CRLF line ends.
 */
public final class ManageSieveClient implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    private ManageSieveClient(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout(30_000);
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
    }

    public static ManageSieveClient login(String host, int port, String user, String password) throws IOException {
        ManageSieveClient client = new ManageSieveClient(new Socket(host, port));
        try {
            client.response("greeting");
            // With the initial response: James 3.8.1 takes a continuation line's data only after a
            // space, so RFC 5804's "+" round trip (a bare or quoted line) reaches it empty.
            String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
            client.send("AUTHENTICATE \"PLAIN\" \"" + plain + "\"");
            client.response("AUTHENTICATE");
            return client;
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    public void putScript(String name, String script) throws IOException {
        send("PUTSCRIPT " + quoted(name) + " {" + script.getBytes(StandardCharsets.UTF_8).length + "+}\r\n" + script);
        response("PUTSCRIPT " + name);
    }

    /** An empty name leaves no script active. */
    public void setActive(String name) throws IOException {
        send("SETACTIVE " + quoted(name));
        response("SETACTIVE " + name);
    }

    public void renameScript(String from, String to) throws IOException {
        send("RENAMESCRIPT " + quoted(from) + " " + quoted(to));
        response("RENAMESCRIPT " + from + " " + to);
    }

    public void deleteScript(String name) throws IOException {
        send("DELETESCRIPT " + quoted(name));
        response("DELETESCRIPT " + name);
    }

    /** Script name to whether it is the active one, in the server's order. */
    public Map<String, Boolean> listScripts() throws IOException {
        send("LISTSCRIPTS");
        Map<String, Boolean> scripts = new LinkedHashMap<>();
        for (String line : response("LISTSCRIPTS")) {
            if (line.startsWith("\"")) {
                int end = line.indexOf('"', 1);
                scripts.put(line.substring(1, end), line.substring(end + 1).trim().equalsIgnoreCase("ACTIVE"));
            }
        }
        return scripts;
    }

    public String getScript(String name) throws IOException {
        send("GETSCRIPT " + quoted(name));
        List<String> lines = response("GETSCRIPT " + name);
        if (lines.isEmpty() || !lines.get(0).startsWith("{")) {
            throw new IOException("GETSCRIPT " + name + " answered " + lines);
        }
        int size = Integer.parseInt(lines.get(0).replaceAll("[{}+]", "").trim());
        String script = String.join("\r\n", lines.subList(1, lines.size())) + "\r\n";
        return script.length() > size ? script.substring(0, size) : script;
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private void send(String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private String line() throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException("ManageSieve connection closed");
        }
        return line;
    }

    /** The lines before the final OK; a NO or BYE fails with the server's words. */
    private List<String> response(String what) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = line();
            String upper = line.toUpperCase();
            if (upper.equals("OK") || upper.startsWith("OK ")) {
                return lines;
            }
            if (upper.startsWith("NO") || upper.startsWith("BYE")) {
                throw new IOException(what + ": " + line);
            }
            lines.add(line);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            send("LOGOUT");
        } catch (IOException ignored) {
            // closing anyway
        } finally {
            socket.close();
        }
    }
}
