package org.sparkppo.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.Path;
import org.sparkppo.config.BadInputException;

/**
 * Driver-only: the lease that gives one run at a time its run directory: the file {@value #FILE},
 * created in one step (see {@link RunDirectory#createExclusive}) and holding the owner, host, process
 * id and start time of the holding driver. A second run on the same directory is refused naming the
 * holder. While held, a daemon thread renews the lease every {@link #RENEWAL}; released (the file
 * deleted) by {@link #close()}.
 *
 * <p>A lease left by a driver that died without releasing it (SIGKILL, a lost host) is <em>stale</em>
 * and taken over: on the holder's own host as soon as its process is gone (no process with its id,
 * or one started at another time), elsewhere once it has not been renewed for {@link #STALE}
 * (which assumes the hosts' clocks agree to within minutes). {@code --force-unlock} takes over any
 * lease. A run whose lease was taken over stops writing: every write of its {@link RunDirectory}
 * checks the lease first.
 */
public final class RunLock implements AutoCloseable {
    public static final String FILE = "run.lock";
    static final Duration RENEWAL = Duration.ofSeconds(30);
    static final Duration STALE = Duration.ofMinutes(5);

    private final RunDirectory run;
    private final boolean createdDirectory;
    private final PrintWriter log;
    private final Lease lease;
    private final ScheduledExecutorService renewals;
    private volatile Instant renewed;
    /** Why this run no longer holds its lease; null while it does. */
    private volatile IOException lost;

    private RunLock(RunDirectory run, boolean createdDirectory, PrintWriter log, Lease lease) {
        this.run = run;
        this.createdDirectory = createdDirectory;
        this.log = log;
        this.lease = lease;
        this.renewed = lease.renewed();
        this.renewals = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "run-lock-renewal " + run.root());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Takes the lease of {@code run} (creating the directory if needed).
     *
     * @param forceUnlock take over a lease even if its holder looks alive
     * @param log         where takeovers and failed renewals are reported
     * @throws BadInputException naming the holder when another run holds the lease, or naming
     *                           {@code --output-dir} when the directory cannot be reached or written
     */
    public static RunLock acquire(RunDirectory run, boolean forceUnlock, PrintWriter log) {
        Path file = new Path(run.root(), FILE);
        Lease mine = Lease.ofThisProcess(Instant.now());
        try {
            boolean existed = run.exists();
            for (int attempt = 0; attempt < 2; attempt++) {
                if (run.createExclusive(FILE, mine.toJson())) {
                    RunLock lock = new RunLock(run, !existed, log, mine);
                    run.guardWith(lock);
                    lock.renewals.scheduleWithFixedDelay(lock::renewReporting, RENEWAL.toMillis(), RENEWAL.toMillis(),
                            TimeUnit.MILLISECONDS);
                    return lock;
                }
                takeOver(run, file, mine.host(), forceUnlock, log);
            }
            throw new BadInputException("run " + run.root() + ": another run took the lock " + file
                    + " while this one was taking over a stale lock");
        } catch (IOException e) {
            throw new BadInputException("--output-dir: expected a writable folder, found that " + file
                    + " cannot be created (" + e.getMessage() + ")", e);
        } catch (UncheckedIOException e) {
            throw new BadInputException("--output-dir: expected a writable folder, found that " + file
                    + " cannot be created (" + e.getMessage() + ": " + e.getCause().getMessage() + ")", e);
        }
    }

    /** Removes the existing lease if it is stale or {@code force}d; otherwise refuses, naming its holder. */
    private static void takeOver(RunDirectory run, Path file, String thisHost, boolean force, PrintWriter log)
            throws IOException {
        Optional<Long> modified = run.modificationTime(FILE);
        Optional<byte[]> content = run.read(FILE);
        if (modified.isEmpty() || content.isEmpty()) {
            return;
        }
        Optional<Lease> holder = Lease.parse(content.get());
        String holderText = holder.map(Lease::describe).orElse("an unknown run (the lock file is unreadable: being "
                + "written or damaged; modified " + Instant.ofEpochMilli(modified.get()) + ")");
        Instant now = Instant.now();
        Optional<String> staleBecause = holder.isPresent() ? holder.get().staleBecause(now, thisHost)
                : Instant.ofEpochMilli(modified.get()).plus(STALE).isBefore(now)
                ? Optional.of("its file is unreadable and older than " + STALE.toMinutes() + " minutes")
                : Optional.empty();
        if (!force && staleBecause.isEmpty()) {
            throw new BadInputException("run " + run.root() + ": expected no other run on this run id, found one holding "
                    + "its lock file " + file + ": " + holderText + ". Wait for it to end; a dead holder's lock is taken "
                    + "over at the next start once its process is gone (same host) or " + STALE.toMinutes()
                    + " minutes after its last renewal (another host), and --force-unlock takes it over now");
        }
        // Moved aside rather than deleted: of two runs taking over at once, only one moves this file.
        Optional<Path> aside = run.moveAside(FILE);
        if (aside.isEmpty()) {
            return;
        }
        byte[] moved = run.readAt(aside.get());
        if (!Arrays.equals(moved, content.get())) {
            run.createExclusive(FILE, moved);
            run.deleteAt(aside.get());
            throw new BadInputException("run " + run.root() + ": another run took the lock " + file
                    + " while this one was taking over a stale lock");
        }
        run.deleteAt(aside.get());
        log.println("took over the lock " + file + " of " + holderText + ": "
                + (force ? "--force-unlock" : staleBecause.get()));
        log.flush();
    }

    /** Renews the lease now; a lease found taken over, or unrenewable for too long, marks this lock lost. */
    void renew() {
        if (lost != null) {
            return;
        }
        Path file = new Path(run.root(), FILE);
        Optional<Lease> current = run.read(FILE).flatMap(Lease::parse);
        if (current.isEmpty() || !current.get().token().equals(lease.token())) {
            lost = new IOException("this run's lock " + file + " is " + current.map(l -> "now held by "
                    + l.describe()).orElse("gone") + " (did another run take it over with --force-unlock?)");
            return;
        }
        Instant now = Instant.now();
        run.replace(FILE, lease.renewedAt(now).toJson());
        renewed = now;
    }

    private void renewReporting() {
        try {
            renew();
        } catch (RuntimeException e) {
            Duration since = Duration.between(renewed, Instant.now());
            log.println("warning: renewing the lock " + new Path(run.root(), FILE) + " failed (" + e.getMessage()
                    + "); last renewed " + since.toSeconds() + " s ago");
            log.flush();
            if (since.compareTo(STALE.minus(RENEWAL)) > 0) {
                lost = new IOException("this run's lock " + new Path(run.root(), FILE) + " could not be renewed for "
                        + since.toSeconds() + " s, so another run may have taken it over", e);
            }
        }
    }

    /** @throws UncheckedIOException if the lease was taken over or could not be renewed in time */
    void requireHeld() {
        IOException reason = lost;
        if (reason != null) {
            throw new UncheckedIOException("stopped writing to " + run.root(), reason);
        }
    }

    /**
     * Stops renewing and deletes the lock file, if it is still this run's; a directory that the lock
     * created and that holds nothing else is removed too.
     */
    @Override
    public void close() {
        renewals.shutdownNow();
        run.guardWith(null);
        try {
            if (lost == null && run.read(FILE).flatMap(Lease::parse).filter(l -> l.token().equals(lease.token()))
                    .isPresent()) {
                run.deleteAt(new Path(run.root(), FILE));
            }
            if (createdDirectory) {
                run.deleteIfEmpty();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("releasing the lock " + new Path(run.root(), FILE), e);
        }
    }

    /**
     * One holder's lease as the lock file holds it (JSON).
     *
     * @param processStart the holding JVM's start time, telling it from a later process with the same id
     * @param token        identifies this acquisition
     */
    record Lease(String owner, String host, long pid, Instant processStart, Instant acquired, Instant renewed,
                 String token) {
        private static final ObjectMapper JSON = new ObjectMapper();

        static Lease ofThisProcess(Instant now) {
            ProcessHandle self = ProcessHandle.current();
            return new Lease(System.getProperty("user.name"), thisHost(), self.pid(),
                    self.info().startInstant().orElse(Instant.EPOCH), now, now, UUID.randomUUID().toString());
        }

        private static String thisHost() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                throw new UncheckedIOException("looking up this host's name for the run lock", e);
            }
        }

        Lease renewedAt(Instant now) {
            return new Lease(owner, host, pid, processStart, acquired, now, token);
        }

        /** Why a holder is presumed dead at {@code now}, seen from {@code thisHost}; empty while it may be alive. */
        Optional<String> staleBecause(Instant now, String thisHost) {
            if (host.equals(thisHost)) {
                Optional<ProcessHandle> process = ProcessHandle.of(pid);
                if (process.isEmpty() || !process.get().isAlive()) {
                    return Optional.of("no process " + pid + " runs on " + host);
                }
                Optional<Instant> started = process.get().info().startInstant();
                if (started.isPresent() && Duration.between(started.get(), processStart).abs().toMillis() > 1000) {
                    return Optional.of("process " + pid + " on " + host + " is another one, started " + started.get());
                }
                return Optional.empty();
            }
            Duration silent = Duration.between(renewed, now);
            return silent.compareTo(STALE) > 0
                    ? Optional.of("not renewed for " + silent.toMinutes() + " minutes (stale after " + STALE.toMinutes() + ")")
                    : Optional.empty();
        }

        String describe() {
            return owner + "@" + host + " pid " + pid + " (since " + acquired + ", renewed " + renewed + ")";
        }

        byte[] toJson() {
            ObjectNode node = JSON.createObjectNode().put("owner", owner).put("host", host).put("pid", pid)
                    .put("processStart", processStart.toString()).put("acquired", acquired.toString())
                    .put("renewed", renewed.toString()).put("token", token);
            try {
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
            } catch (IOException e) {
                throw new UncheckedIOException("encoding the run lock", e);
            }
        }

        /** The lease in {@code bytes}, or empty when they are not one (a lock file still being written). */
        static Optional<Lease> parse(byte[] bytes) {
            try {
                JsonNode node = JSON.readTree(bytes);
                if (node == null || !node.isObject() || !node.path("pid").canConvertToLong()) {
                    return Optional.empty();
                }
                return Optional.of(new Lease(node.path("owner").asText(), node.path("host").asText(),
                        node.path("pid").asLong(), Instant.parse(node.path("processStart").asText()),
                        Instant.parse(node.path("acquired").asText()), Instant.parse(node.path("renewed").asText()),
                        node.path("token").asText()));
            } catch (IOException | DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }
}
