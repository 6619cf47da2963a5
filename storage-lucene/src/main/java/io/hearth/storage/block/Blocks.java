package io.hearth.storage.block;

import io.hearth.spi.chunk.WorkspaceChunks;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The open blocks of one workspace, in {@code <workspace>/blocks/}: loaded at open, grown by head
 * cuts, rewritten by compaction, shrunk by retention. The list is replaced whole (copy on write), so
 * a query takes a consistent set with {@link #acquire}. Changes come from one maintenance thread at
 * a time; reads from any thread.
 *
 * <h2>Open</h2>
 * Leftovers of a crash are removed: {@code *.tmp} directories (a cut or compaction that did not
 * finish), directories without a meta (a delete that did not finish), chunk streams without a
 * block, and blocks a finished compaction superseded (named as parents by a sound block). A
 * block whose meta, chunk stream or index fails its checks is logged, renamed to
 * {@code <id>.corrupt} for inspection and not served; everything else is.
 */
public final class Blocks implements Closeable {

    private static final Logger LOG = Logger.getLogger(Blocks.class.getName());
    /** The suffix of a block directory set aside as corrupt. */
    public static final String CORRUPT_SUFFIX = ".corrupt";
    private static final Comparator<Block> ORDER =
            Comparator.comparingLong((Block b) -> b.meta().minT()).thenComparing(b -> b.meta().id());

    private final Path dir;
    private final WorkspaceChunks space;
    private volatile List<Block> blocks;
    private volatile long sizeBytes;
    private volatile Runnable beforePin = () -> { };

    private Blocks(Path dir, WorkspaceChunks space, List<Block> blocks) {
        this.dir = dir;
        this.space = space;
        this.blocks = blocks;
        this.sizeBytes = size(blocks);
    }

    /** Opens every sound block under {@code dir}, cleaning up as described above. */
    public static Blocks open(Path dir, WorkspaceChunks space) throws IOException {
        Files.createDirectories(dir);
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.sorted().toList();
        }
        Set<String> names = new HashSet<>();
        List<Block> opened = new ArrayList<>();
        for (Path p : entries) {
            String name = p.getFileName().toString();
            if (name.endsWith(BlockWriter.TMP_SUFFIX)) {
                LOG.info(() -> "deleting unfinished block " + p);
                String id = name.substring(0, name.length() - BlockWriter.TMP_SUFFIX.length());
                Block.deleteTree(p);
                if (BlockId.isValid(id)) {
                    space.delete(id);
                }
                continue;
            }
            if (name.endsWith(CORRUPT_SUFFIX)) {
                names.add(name.substring(0, name.length() - CORRUPT_SUFFIX.length()));
                continue;
            }
            if (!BlockId.isValid(name) || !Files.isDirectory(p)) {
                continue;
            }
            if (!Files.exists(p.resolve(BlockMeta.FILE))) {
                LOG.info(() -> "deleting block " + p + " left without meta by an unfinished delete");
                Block.deleteTree(p);
                space.delete(name);
                continue;
            }
            names.add(name);
            try {
                opened.add(Block.open(p, space));
            } catch (IOException | RuntimeException e) { // corrupt meta, chunks or index: drop this block alone
                LOG.warning(() -> "dropping block " + name + ": " + e.getMessage() + "; its data is not served,"
                        + " the directory is kept as " + name + CORRUPT_SUFFIX);
                Files.move(p, dir.resolve(name + CORRUPT_SUFFIX), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Set<String> superseded = new HashSet<>();
        for (Block b : opened) {
            superseded.addAll(b.meta().parents());
        }
        List<Block> live = new ArrayList<>();
        for (Block b : opened) {
            if (superseded.contains(b.meta().id())) {
                LOG.info(() -> "deleting " + b + ", superseded by a finished compaction");
                b.dropAndDelete();
            } else {
                live.add(b);
            }
        }
        for (String id : space.blocks()) {
            if (!names.contains(id)) {
                LOG.info(() -> "deleting chunk stream " + id + " that belongs to no block");
                space.delete(id);
            }
        }
        live.sort(ORDER);
        return new Blocks(dir, space, List.copyOf(live));
    }

    /** The directory blocks are written to. */
    public Path directory() {
        return dir;
    }

    /** The chunk space blocks are written to. */
    public WorkspaceChunks space() {
        return space;
    }

    /** The current blocks, ordered by time; not pinned (for planning, not reading). */
    public List<Block> list() {
        return blocks;
    }

    /**
     * The blocks overlapping {@code [lo, hi]}, each pinned; release each when done. The set is one
     * that was current at some moment: a block of the list read here that cannot be pinned was
     * dropped by a {@link #replace} after it published the list that supersedes it (for a
     * compaction, the list holding the merged block), so the pins taken are given back and the
     * newer list is read again. Skipping the dropped block instead would lose its samples for
     * this query, as neither the old nor the new list would be served whole.
     */
    public List<Block> acquire(long lo, long hi) {
        while (true) {
            List<Block> snapshot = blocks;
            beforePin.run();
            List<Block> out = pin(snapshot, lo, hi);
            if (out != null) {
                return out;
            }
        }
    }

    /** The blocks of {@code snapshot} overlapping {@code [lo, hi]}, pinned, or null (none pinned) if one was dropped. */
    private static List<Block> pin(List<Block> snapshot, long lo, long hi) {
        List<Block> out = new ArrayList<>();
        for (Block b : snapshot) {
            if (b.meta().overlaps(lo, hi)) {
                if (!b.acquire()) {
                    out.forEach(Block::release);
                    return null;
                }
                out.add(b);
            }
        }
        return out;
    }

    /** For tests: runs in {@link #acquire} between reading the list and pinning its blocks. */
    void beforePin(Runnable hook) {
        beforePin = hook;
    }

    /** The newest sample time of any block, or {@link Long#MIN_VALUE} without blocks. */
    public long maxT() {
        long max = Long.MIN_VALUE;
        for (Block b : blocks) {
            max = Math.max(max, b.meta().maxT());
        }
        return max;
    }

    /** Bytes on disk of every block. */
    public long sizeBytes() {
        return sizeBytes;
    }

    /** Opens a block just written and adds it. */
    public Block add(BlockMeta meta) throws IOException {
        Block b = Block.open(dir.resolve(meta.id()), space);
        replace(List.of(), b);
        return b;
    }

    /**
     * Swaps {@code removed} for {@code added} (may be null) in one step, then drops the removed ones,
     * deleting their files once no query uses them.
     */
    public synchronized void replace(List<Block> removed, Block added) {
        List<Block> next = new ArrayList<>(blocks);
        next.removeAll(removed);
        if (added != null) {
            next.add(added);
        }
        next.sort(ORDER);
        blocks = List.copyOf(next);
        sizeBytes = size(blocks);
        for (Block b : removed) { // after publishing: acquire relies on a dropped block's list being stale
            b.dropAndDelete();
        }
    }

    private static long size(List<Block> blocks) {
        long n = 0;
        for (Block b : blocks) {
            n += b.sizeBytes();
        }
        return n;
    }

    /** Drops every block (keeping the files); queries still running keep theirs until they end. */
    @Override
    public synchronized void close() throws IOException {
        List<Block> open = blocks;
        blocks = List.of(); // first, so an acquire that meets a dropped block finds the empty list
        for (Block b : open) {
            b.drop();
        }
        space.close();
    }
}
