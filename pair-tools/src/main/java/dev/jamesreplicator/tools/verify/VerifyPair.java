package dev.jamesreplicator.tools.verify;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code verify}: proves that the two servers of a pair hold the same mail, over IMAP as a
 * client sees it. {@code bin/james-pair verify [USER]} runs it against the demo pair.
 * Exit status 0 when both are the same, 1 when anything differs, 2 when nothing differs but a
 * user could not be read, 64 on a usage error.
 */
public final class VerifyPair {
    static final int USAGE = 64;

    private static final String HELP = """
            usage: verify --a HOST:IMAP_PORT --b HOST:IMAP_PORT [options] [USER...]

            Compares each USER's mail on servers a and b (all users when none is given):
            mailboxes, UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ, and per message UID, bytes
            (SHA-256), flags and keywords, internal date and MODSEQ; subscriptions (LSUB);
            each mailbox's ACL (GETACL, where the server has ACL); given ManageSieve ports, the Sieve scripts and the active one;
            given both WebAdmins, the server data: domains and their aliases, address aliases, forwards, groups, quota limits.
            Prints every difference; read-only (EXAMINE, BODY.PEEK, GETACL, GETSCRIPT).

              --a HOST:PORT, --b HOST:PORT  the servers' IMAP ports (plain text, no TLS)
              --a-webadmin URL, --b-webadmin URL
                                  WebAdmin, e.g. http://127.0.0.1:8000: lists all users
                                  (the union of both) and spares users without mailboxes a
                                  login, which would create their INBOX on one server
              --a-sieve PORT, --b-sieve PORT
                                  the servers' ManageSieve ports (plain text, on the IMAP
                                  host): compares each user's Sieve scripts, with the user's
                                  password (James's ManageSieve takes no administrator login)
              --users-file FILE   USER<TAB>PASSWORD lines (bin/james-pair's $JAMES_PAIR_HOME/users)
              --admin USER        log in as this administrator (administratorId in
                                  usersrepository.xml) and read each user's mail through
                                  SASL PLAIN impersonation; no user passwords needed
              --admin-password-file FILE   the administrator's password (else $VERIFY_ADMIN_PASSWORD)
              --wait SECONDS      compare a differing user again until the servers agree or
                                  SECONDS pass (a replicator catching up); default 0
              --without ASPECT    leave FLAGS, INTERNAL_DATE, MODSEQ, SUBSCRIPTIONS or ACL out (repeatable)

            exit status: 0 the same, 1 differences, 2 some user could not be read, 64 usage
            """;

    private VerifyPair() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The command line run in this JVM: its exit status, what it prints going to {@code out} and {@code err}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("verify: " + e.getMessage());
            err.println();
            err.print(HELP);
            return USAGE;
        }
        if (options.help) {
            out.print(HELP);
            return 0;
        }
        try {
            UserPasswords passwords = options.usersFile == null ? UserPasswords.none() : UserPasswords.read(options.usersFile);
            Optional<ImapLogin.Admin> admin = Optional.empty();
            if (options.admin != null) {
                admin = Optional.of(new ImapLogin.Admin(options.admin, adminPassword(options)));
            }
            PairComparison comparison = options.without.isEmpty() ? PairComparison.everything()
                    : PairComparison.without(options.without.get(0),
                    options.without.subList(1, options.without.size()).toArray(PairComparison.Aspect[]::new));
            PairVerifier verifier = new PairVerifier(options.server("a"), options.server("b"),
                    new ImapLogin(admin, passwords), comparison, out);
            return verifier.verify(options.users, passwords, options.wait).exitStatus();
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            err.println("verify: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
    }

    private static String adminPassword(Options options) throws IOException {
        if (options.adminPasswordFile != null) {
            return Files.readString(options.adminPasswordFile, StandardCharsets.UTF_8).strip();
        }
        String fromEnvironment = System.getenv("VERIFY_ADMIN_PASSWORD");
        if (fromEnvironment == null) {
            throw new IllegalArgumentException("--admin needs --admin-password-file or $VERIFY_ADMIN_PASSWORD");
        }
        return fromEnvironment;
    }

    static final class Options {
        String a;
        String b;
        URI aWebAdmin;
        URI bWebAdmin;
        Integer aSieve;
        Integer bSieve;
        Path usersFile;
        String admin;
        Path adminPasswordFile;
        Duration wait = Duration.ZERO;
        final List<PairComparison.Aspect> without = new ArrayList<>();
        final List<String> users = new ArrayList<>();
        boolean help;

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "-h", "--help" -> options.help = true;
                    case "--a" -> options.a = value(args, ++i, arg);
                    case "--b" -> options.b = value(args, ++i, arg);
                    case "--a-webadmin" -> options.aWebAdmin = URI.create(value(args, ++i, arg));
                    case "--b-webadmin" -> options.bWebAdmin = URI.create(value(args, ++i, arg));
                    case "--a-sieve" -> options.aSieve = port(value(args, ++i, arg), arg);
                    case "--b-sieve" -> options.bSieve = port(value(args, ++i, arg), arg);
                    case "--users-file" -> options.usersFile = Path.of(value(args, ++i, arg));
                    case "--admin" -> options.admin = value(args, ++i, arg);
                    case "--admin-password-file" -> options.adminPasswordFile = Path.of(value(args, ++i, arg));
                    case "--wait" -> options.wait = Duration.ofMillis(Math.round(1000 * seconds(value(args, ++i, arg))));
                    case "--without" -> options.without.add(aspect(value(args, ++i, arg)));
                    default -> {
                        if (arg.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + arg);
                        }
                        options.users.add(arg);
                    }
                }
            }
            if (!options.help && (options.a == null || options.b == null)) {
                throw new IllegalArgumentException("--a and --b (the servers' IMAP HOST:PORT) are required");
            }
            if (!options.help && options.users.isEmpty() && options.usersFile == null
                    && (options.aWebAdmin == null || options.bWebAdmin == null)) {
                throw new IllegalArgumentException("no users: name them, or give --a-webadmin and --b-webadmin, or --users-file");
            }
            return options;
        }

        Server server(String name) {
            String address = name.equals("a") ? a : b;
            URI webAdmin = name.equals("a") ? aWebAdmin : bWebAdmin;
            int colon = address.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--" + name + " must be HOST:PORT, not " + address);
            }
            int port;
            try {
                port = Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be HOST:PORT, not " + address);
            }
            String host = address.substring(0, colon).replaceAll("^\\[|]$", "");
            Integer sieve = name.equals("a") ? aSieve : bSieve;
            return new Server(name, host, port, Optional.ofNullable(webAdmin).map(WebAdmin::new),
                    sieve == null ? OptionalInt.empty() : OptionalInt.of(sieve));
        }

        private static int port(String value, String option) {
            try {
                int port = Integer.parseInt(value);
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a port (1 to 65535), not " + value);
            }
        }

        private static String value(String[] args, int index, String option) {
            if (index >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[index];
        }

        private static double seconds(String value) {
            try {
                double seconds = Double.parseDouble(value);
                if (seconds < 0) {
                    throw new NumberFormatException();
                }
                return seconds;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--wait needs seconds (a number >= 0), not " + value);
            }
        }

        private static PairComparison.Aspect aspect(String value) {
            try {
                return PairComparison.Aspect.valueOf(value.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--without takes FLAGS, INTERNAL_DATE, MODSEQ, SUBSCRIPTIONS or ACL, not " + value);
            }
        }
    }
}
