package dev.jamesreplicator.tools.pair;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The jobs of {@code bin/james-pair} that are no process control, which the script runs as
 * {@code java -cp james-replicator-pair-tools.jar dev.jamesreplicator.tools.pair.JamesPairTool COMMAND ...}:
 * <ul>
 *   <li>{@code webadmin-ready URL}: exit 0 if the node's WebAdmin answers, else 1, silently</li>
 *   <li>{@code provision --node N --webadmin URL [--domain D] --users FILE|-}: the domain D, then each user of
 *       the {@code USER<TAB>PASSWORD} lines with its domain (a user that exists gets the password)</li>
 *   <li>{@code node-conf --dir DIR --node N --template DIR... --port NAME=PORT... [--pair-home DIR --twin-node T
 *       --bind HOST:PORT --twin HOST:PORT --sync-timeout D]}: the node's {@code conf/} ({@link NodeConf}); with
 *       {@code --pair-home}, james-replicator's {@code replication.xml} for the pair</li>
 * </ul>
 * A failure prints {@code james-pair: } and what failed on standard error and exits 1; a wrong command line exits 64.
 */
public final class JamesPairTool {
    static final int FAILED = 1;
    static final int USAGE = 64;

    private JamesPairTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new InputStreamReader(System.in, StandardCharsets.UTF_8), System.err));
    }

    static int run(String[] args, Reader in, PrintStream err) {
        try {
            if (args.length == 0) {
                throw new IllegalArgumentException("no command (webadmin-ready, provision, node-conf)");
            }
            Options options = Options.parse(List.of(args).subList(1, args.length));
            return switch (args[0]) {
                case "webadmin-ready" -> new NodeWebAdmin(URI.create(options.single())).answers() ? 0 : FAILED;
                case "provision" -> provision(options, in);
                case "node-conf" -> nodeConf(options);
                default -> throw new IllegalArgumentException("unknown command " + args[0]);
            };
        } catch (IllegalArgumentException e) {
            err.println("james-pair tool: " + e.getMessage());
            return USAGE;
        } catch (PairToolException e) {
            err.println("james-pair: " + e.getMessage());
            return FAILED;
        } catch (IOException e) {
            err.println("james-pair: " + e);
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
    }

    private static int provision(Options options, Reader in) throws IOException, InterruptedException, PairToolException {
        String node = options.required("--node");
        NodeWebAdmin webAdmin = new NodeWebAdmin(URI.create(options.required("--webadmin")));
        String usersFile = options.required("--users");
        PairUsers users;
        try (Reader reader = usersFile.equals("-") ? in : Files.newBufferedReader(Path.of(usersFile), StandardCharsets.UTF_8)) {
            users = PairUsers.read(reader);
        }
        Optional<String> domain = options.optional("--domain");
        if (domain.isPresent()) {
            createDomain(webAdmin, node, domain.get());
        }
        for (PairUsers.User user : users.users()) {
            createDomain(webAdmin, node, user.domain());
            try {
                webAdmin.createUser(user.name(), user.password());
            } catch (IOException e) {
                throw new PairToolException("node " + node + ": cannot create user " + user.name() + ": " + e.getMessage(), e);
            }
        }
        return 0;
    }

    private static void createDomain(NodeWebAdmin webAdmin, String node, String domain)
            throws InterruptedException, PairToolException {
        try {
            webAdmin.createDomain(domain);
        } catch (IOException e) {
            throw new PairToolException("node " + node + ": cannot create domain " + domain + ": " + e.getMessage(), e);
        }
    }

    private static int nodeConf(Options options) throws IOException, InterruptedException, PairToolException {
        Map<String, Integer> ports = new HashMap<>();
        for (String port : options.all("--port")) {
            int equals = port.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("--port takes NAME=PORT, not " + port);
            }
            try {
                ports.put(port.substring(0, equals), Integer.parseInt(port.substring(equals + 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--port takes NAME=PORT, not " + port);
            }
        }
        Optional<NodeConf.Replication> replication = Optional.empty();
        if (options.optional("--pair-home").isPresent()) {
            replication = Optional.of(new NodeConf.Replication(Path.of(options.required("--pair-home")),
                    options.required("--twin-node"), options.required("--bind"), options.required("--twin"),
                    options.required("--sync-timeout")));
        }
        new NodeConf(Path.of(options.required("--dir")), options.required("--node"),
                options.all("--template").stream().map(Path::of).toList(), ports, replication, new Keytool()).write();
        return 0;
    }

    /** {@code --name value} pairs (a name may repeat) and at most one bare argument. */
    private record Options(Map<String, List<String>> values, List<String> bare) {
        static Options parse(List<String> args) {
            Map<String, List<String>> values = new HashMap<>();
            List<String> bare = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (!arg.startsWith("--")) {
                    bare.add(arg);
                } else if (i + 1 == args.size()) {
                    throw new IllegalArgumentException(arg + " needs a value");
                } else {
                    values.computeIfAbsent(arg, name -> new ArrayList<>()).add(args.get(++i));
                }
            }
            return new Options(values, bare);
        }

        String single() {
            if (bare.size() != 1 || !values.isEmpty()) {
                throw new IllegalArgumentException("takes one argument");
            }
            return bare.get(0);
        }

        String required(String name) {
            return optional(name).orElseThrow(() -> new IllegalArgumentException(name + " is required"));
        }

        Optional<String> optional(String name) {
            List<String> given = all(name);
            if (given.size() > 1) {
                throw new IllegalArgumentException(name + " given twice");
            }
            return given.stream().findFirst();
        }

        List<String> all(String name) {
            return values.getOrDefault(name, List.of());
        }
    }
}
