// Starts an embedded Neo4j Community DBMS with only the Bolt connector, bound to 127.0.0.1.
//
// Run in Java's single-file source mode (no build step), with the jars that pom.xml resolves:
//   java -cp "<lib>/*" Neo4jLauncher.java <home-dir> <bolt-port>
// If the environment variable WIJKGRAPH_NEO4J_PASSWORD is set, authentication is enabled and the
// password of user `neo4j` is set to it (read from the environment, never from argv, so that it
// does not show in the process list).
//
// Output protocol (read by graph/local_neo4j.py):
//   NEO4J_READY bolt://127.0.0.1:<port> <version>   when Bolt accepts connections
//   NEO4J_FAILED <kind> <message>                   when start-up fails; exit code 2
// SIGTERM or SIGINT shut the DBMS down cleanly through the shutdown hook.
//
// The home holds a copy of every household, so it is private to its owner: created rwx------, and once the DBMS is
// up, whatever in it another user could read loses its group and other permissions. graph/local_neo4j.py also
// starts this JVM with umask 077, so the files Neo4j creates later are private too; the walk here covers a launcher
// started by hand with a looser umask.

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.Version;

public class Neo4jLauncher {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            fail("usage", "java Neo4jLauncher.java <home-dir> <bolt-port>", null);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String password = System.getenv("WIJKGRAPH_NEO4J_PASSWORD");
        long pageCacheMb = Long.parseLong(envOr("WIJKGRAPH_NEO4J_PAGECACHE_MB", "512"));

        DatabaseManagementService dbms;
        try {
            Files.createDirectories(home, PosixFilePermissions.asFileAttribute(PRIVATE_FOLDER));
            dbms = new DatabaseManagementServiceBuilder(home)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    .setConfig(GraphDatabaseSettings.auth_enabled, password != null && !password.isEmpty())
                    .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                    // Neo4j preallocates large transaction log files by default; they waste disk here.
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(30))
                    .build();
        } catch (Throwable error) {
            fail(classify(error), rootMessage(error), error);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown));

        try {
            // A database that cannot open its store (damaged files) leaves the DBMS up but the database
            // offline with a status message; report that now instead of at the first query.
            var system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
            long deadline = System.currentTimeMillis() + Duration.ofMinutes(2).toMillis();
            while (true) {
                Map<String, Object> state = system.executeTransactionally(
                        "SHOW DATABASE neo4j YIELD currentStatus, statusMessage",
                        Map.of(), result -> result.hasNext() ? result.next() : Map.of());
                String status = String.valueOf(state.get("currentStatus"));
                String message = String.valueOf(state.getOrDefault("statusMessage", ""));
                if ("online".equals(status)) {
                    break;
                }
                if (!message.isBlank() || System.currentTimeMillis() > deadline) {
                    // The cause (e.g. "Failed to read current store version") is only in logs/debug.log.
                    fail("store-damaged", "database 'neo4j' is " + status + ": " + message
                            + " See " + home.resolve("logs/debug.log"), null);
                    return;
                }
                Thread.sleep(200);
            }
            var db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            db.executeTransactionally("RETURN 1");
            if (password != null && !password.isEmpty()) {
                setPassword(system, password);
            }
        } catch (Throwable error) {
            fail(classify(error), rootMessage(error), error);
            return;
        }
        makePrivate(home);
        System.out.println("NEO4J_READY bolt://127.0.0.1:" + port + " " + Version.getNeo4jVersion());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    /** Sets the password of user neo4j; on a restart it is usually the same, which Neo4j refuses to "change". */
    private static void setPassword(org.neo4j.graphdb.GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (RuntimeException error) {
            for (Throwable t = error; t != null; t = t.getCause()) {
                if (String.valueOf(t.getMessage()).contains("Old password and new password cannot be the same")) {
                    return;
                }
            }
            throw error;
        }
    }

    private static final Set<PosixFilePermission> PRIVATE_FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> SHARED = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** Removes the group and other permissions from everything under home (links are neither followed nor changed). */
    private static void makePrivate(Path home) {
        try (Stream<Path> paths = Files.walk(home)) {
            paths.forEach(path -> {
                try {
                    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                    if (!Files.isSymbolicLink(path) && mode.removeAll(SHARED)) {
                        Files.setPosixFilePermissions(path, mode);
                    }
                } catch (NoSuchFileException gone) {
                    // removed meanwhile (a rotated log): nothing to protect
                } catch (IOException error) {
                    throw new UncheckedIOException(error);
                }
            });
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions: its own access control applies
        } catch (IOException | UncheckedIOException error) {
            System.out.println("NEO4J_WARNING could not make " + home + " private: " + error.getMessage());
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static String classify(Throwable error) {
        String kind = "error";
        for (Throwable t = error; t != null; t = t.getCause()) {
            String text = String.valueOf(t.getMessage()).toLowerCase();
            if (t instanceof BindException || text.contains("address already in use")) {
                return "port-in-use";
            }
            if (text.contains("store") || text.contains("corrupt") || text.contains("recover")
                    || text.contains("log file") || text.contains("checksum")) {
                kind = "store-damaged";
            }
        }
        return kind;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** Prints one machine-readable failure line (then the stack trace, if any) and exits. */
    private static void fail(String kind, String message, Throwable error) {
        System.out.println("NEO4J_FAILED " + kind + " " + String.valueOf(message).replace('\n', ' '));
        if (error != null) {
            error.printStackTrace(System.out);
        }
        System.out.flush();
        Runtime.getRuntime().halt(2);
    }
}
