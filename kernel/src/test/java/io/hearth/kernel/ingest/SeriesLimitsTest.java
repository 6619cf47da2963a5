package io.hearth.kernel.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.spi.storage.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeriesLimitsTest {

    private static final String WS = "ws-1";

    private static AcceptedSeries series(String... pairs) {
        String[] sorted = Labels.of(pairs).toPairs();
        return new AcceptedSeries(sorted, new long[] {1}, new double[] {1}, 1, List.of(), List.of());
    }

    private static String limits(String... entries) {
        return "[" + String.join(",", entries) + "]";
    }

    private static String entry(long max, String... pairs) {
        StringBuilder set = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            set.append(i == 0 ? "" : ",").append('"').append(pairs[i]).append("\":\"").append(pairs[i + 1]).append('"');
        }
        return "{\"limits\":{\"maxSeries\":" + max + "},\"labelSet\":" + set.append('}') + "}";
    }

    /** Admits, stores what was admitted as a commit would, and returns the refusal reasons by position. */
    private static Rejection[] write(SeriesLimits limits, String text, InMemoryStorage storage, AcceptedSeries... request) {
        SeriesLimits.Admission admission = limits.admit(WS, text, storage, List.of(request));
        Rejection[] out = new Rejection[request.length];
        for (SeriesLimits.Refusal r : admission.refusals()) {
            out[r.index()] = r.reason();
        }
        for (int i = 0; i < request.length; i++) {
            assertEquals(out[i] == null, admission.admitted(i));
            if (admission.admitted(i)) {
                storage.series.add(Labels.ofSortedPairs(request[i].labelPairs()));
            }
        }
        admission.finish(true);
        return out;
    }

    @Test
    void newSeriesBeyondALabelSetLimitAreRefusedAndExistingOnesStillWrite() {
        SeriesLimits limits = new SeriesLimits(0);
        InMemoryStorage storage = new InMemoryStorage();
        String text = limits(entry(2, "team", "a"));
        Rejection[] first = write(limits, text, storage, series("__name__", "m", "team", "a", "i", "1"),
                series("__name__", "m", "team", "a", "i", "2"), series("__name__", "m", "team", "a", "i", "3"),
                series("__name__", "m", "team", "b", "i", "1"));
        assertEquals(Arrays.asList(null, null, Rejection.PER_LABEL_SET_LIMIT, null), Arrays.asList(first));
        Rejection[] again = write(limits, text, storage, series("__name__", "m", "team", "a", "i", "1"),
                series("__name__", "m", "team", "a", "i", "3"), series("__name__", "m", "team", "b", "i", "2"));
        assertEquals(Arrays.asList(null, Rejection.PER_LABEL_SET_LIMIT, null), Arrays.asList(again));
    }

    @Test
    void theMessageNamesTheSeriesTheLabelSetAndTheLimit() {
        SeriesLimits limits = new SeriesLimits(0);
        InMemoryStorage storage = new InMemoryStorage();
        storage.add("__name__", "m", "team", "a", "env", "prod");
        SeriesLimits.Admission a = limits.admit(WS, limits(entry(1, "team", "a", "env", "prod")), storage,
                List.of(series("__name__", "up", "team", "a", "env", "prod", "i", "9")));
        assertEquals("up{env=\"prod\", i=\"9\", team=\"a\"}: per-labelset series limit of 1 exceeded for labelSet "
                + "{env=\"prod\", team=\"a\"}; samples of existing series are still accepted", a.refusals().get(0).message());
    }

    @Test
    void countsAreSeededFromStorageAndReseededWhenTheLimitsChange() {
        SeriesLimits limits = new SeriesLimits(0);
        InMemoryStorage storage = new InMemoryStorage();
        for (int i = 0; i < 5; i++) {
            storage.add("__name__", "m", "team", "a", "i", Integer.toString(i));
        }
        assertEquals(Rejection.PER_LABEL_SET_LIMIT,
                write(limits, limits(entry(5, "team", "a")), storage, series("__name__", "m", "team", "a", "i", "new"))[0]);
        assertEquals(null, write(limits, limits(entry(6, "team", "a")), storage, series("__name__", "m", "team", "a", "i", "new"))[0]);
        assertEquals(Rejection.PER_LABEL_SET_LIMIT,
                write(limits, limits(entry(6, "team", "a")), storage, series("__name__", "m", "team", "a", "i", "7"))[0]);
        assertEquals(null, write(limits, null, storage, series("__name__", "m", "team", "a", "i", "7"))[0], "limits removed");
    }

    @Test
    void zeroOrAbsentMaxSeriesIsNoLimit() {
        SeriesLimits limits = new SeriesLimits(0);
        InMemoryStorage storage = new InMemoryStorage();
        String text = limits(entry(0, "team", "a"), "{\"limits\":{},\"labelSet\":{\"team\":\"b\"}}");
        for (int i = 0; i < 20; i++) {
            assertEquals(null, write(limits, text, storage, series("__name__", "m", "team", i % 2 == 0 ? "a" : "b",
                    "i", Integer.toString(i)))[0]);
        }
        assertEquals(0, storage.selects, "nothing to count, so storage is never asked");
    }

    @Test
    void theEmptyLabelSetLimitsSeriesThatMatchNoOtherSet() {
        SeriesLimits limits = new SeriesLimits(0);
        InMemoryStorage storage = new InMemoryStorage();
        String text = limits(entry(1, "team", "a"), entry(2));
        Rejection[] out = write(limits, text, storage, series("__name__", "m", "i", "1"), series("__name__", "m", "i", "2"),
                series("__name__", "m", "i", "3"), series("__name__", "m", "team", "a", "i", "1"),
                series("__name__", "m", "team", "a", "i", "2"));
        assertEquals(Arrays.asList(null, null, Rejection.PER_LABEL_SET_LIMIT, null, Rejection.PER_LABEL_SET_LIMIT),
                Arrays.asList(out));
    }

    @Test
    void aSeriesUnderTwoSetsNeedsRoomInBoth() {
        SeriesLimits limits = new SeriesLimits(0);
        InMemoryStorage storage = new InMemoryStorage();
        storage.add("__name__", "m", "env", "prod", "team", "b");
        String text = limits(entry(5, "team", "a"), entry(1, "env", "prod"));
        Rejection[] out = write(limits, text, storage, series("__name__", "m", "team", "a", "env", "prod"),
                series("__name__", "m", "team", "a", "env", "dev"));
        assertEquals(Arrays.asList(Rejection.PER_LABEL_SET_LIMIT, null), Arrays.asList(out));
    }

    @Test
    void theWorkspaceLimitRefusesOnlyNewSeries() {
        SeriesLimits limits = new SeriesLimits(3);
        InMemoryStorage storage = new InMemoryStorage();
        storage.add("__name__", "m", "i", "1");
        storage.add("__name__", "m", "i", "2");
        Rejection[] out = write(limits, null, storage, series("__name__", "m", "i", "1"), series("__name__", "m", "i", "3"),
                series("__name__", "m", "i", "4"), series("__name__", "m", "i", "2"));
        assertEquals(Arrays.asList(null, null, Rejection.SERIES_LIMIT, null), Arrays.asList(out));
        assertEquals(3, storage.series.size());
    }

    @Test
    void farFromTheWorkspaceLimitNothingIsLookedUp() {
        SeriesLimits limits = new SeriesLimits(1000);
        InMemoryStorage storage = new InMemoryStorage();
        for (int i = 0; i < 10; i++) {
            write(limits, null, storage, series("__name__", "m", "i", Integer.toString(i)));
        }
        assertEquals(0, storage.selects);
    }

    @Test
    void atTheCapEachSeriesIsLookedUpOnceNotOnEveryWrite() {
        SeriesLimits limits = new SeriesLimits(3);
        InMemoryStorage storage = new InMemoryStorage();
        for (int i = 0; i < 3; i++) {
            storage.add("__name__", "m", "i", Integer.toString(i));
        }
        for (int round = 0; round < 5; round++) {
            Rejection[] out = write(limits, null, storage, series("__name__", "m", "i", "0"), series("__name__", "m", "i", "1"),
                    series("__name__", "m", "i", "2"));
            assertEquals(Arrays.asList(null, null, null), Arrays.asList(out));
        }
        assertEquals(3, storage.selects);
        assertEquals(Rejection.SERIES_LIMIT, write(limits, null, storage, series("__name__", "m", "i", "3"))[0]);
    }

    @Test
    void anUncommittedAdmissionReservesItsSlotsAndAFailedOneGivesThemBack() {
        SeriesLimits limits = new SeriesLimits(0);
        InMemoryStorage storage = new InMemoryStorage();
        String text = limits(entry(1, "team", "a"));
        SeriesLimits.Admission first = limits.admit(WS, text, storage, List.of(series("__name__", "m", "team", "a", "i", "1")));
        assertTrue(first.admitted(0));
        SeriesLimits.Admission concurrent = limits.admit(WS, text, storage, List.of(series("__name__", "m", "team", "a", "i", "2")));
        assertFalse(concurrent.admitted(0), "the slot is taken while the first write commits");
        concurrent.finish(true);
        first.finish(false);
        SeriesLimits.Admission retry = limits.admit(WS, text, storage, List.of(series("__name__", "m", "team", "a", "i", "2")));
        assertTrue(retry.admitted(0), "the failed write gave its slot back");
        retry.finish(false);
    }

    @Test
    void aSeriesThatWasNotCreatedGivesItsSlotBack() {
        SeriesLimits limits = new SeriesLimits(0);
        InMemoryStorage storage = new InMemoryStorage();
        String text = limits(entry(1, "team", "a"));
        SeriesLimits.Admission first = limits.admit(WS, text, storage, List.of(series("__name__", "m", "team", "a", "i", "1"),
                series("__name__", "m", "team", "b", "i", "1")));
        first.notCreated(0);
        first.notCreated(1);
        first.finish(true);
        assertEquals(null, write(limits, text, storage, series("__name__", "m", "team", "a", "i", "2"))[0]);
    }

    @Test
    void concurrentWritesNeverPassTheWorkspaceLimit() {
        SeriesLimits limits = new SeriesLimits(5);
        InMemoryStorage storage = new InMemoryStorage();
        List<SeriesLimits.Admission> open = new ArrayList<>();
        int admitted = 0;
        for (int i = 0; i < 10; i++) {
            SeriesLimits.Admission a = limits.admit(WS, null, storage, List.of(series("__name__", "m", "i", Integer.toString(i))));
            admitted += a.admitted(0) ? 1 : 0;
            open.add(a);
        }
        assertEquals(5, admitted);
        open.forEach(a -> a.finish(true));
    }

    @Test
    void manyThreadsWritingNewSeriesNeverPassAnyLimit() throws Exception {
        long seed = new Random().nextLong();
        SeriesLimits limits = new SeriesLimits(300);
        InMemoryStorage storage = new InMemoryStorage();
        String text = limits(entry(40, "team", "a"), entry(25, "team", "b"), entry(100));
        int threads = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Random random = new Random(seed + t);
            done.add(pool.submit(() -> {
                for (int r = 0; r < 300; r++) {
                    List<AcceptedSeries> request = new ArrayList<>();
                    for (int s = 0; s < 5; s++) {
                        String team = new String[] {"a", "b", "c"}[random.nextInt(3)];
                        request.add(series("__name__", "m", "team", team, "i", Integer.toString(random.nextInt(400))));
                    }
                    SeriesLimits.Admission admission = limits.admit(WS, text, storage, request);
                    // Commit what was admitted, as the write path does, sometimes failing instead.
                    boolean commit = random.nextInt(10) > 0;
                    if (commit) {
                        for (int i = 0; i < request.size(); i++) {
                            if (admission.admitted(i)) {
                                storage.series.add(Labels.ofSortedPairs(request.get(i).labelPairs()));
                            }
                        }
                    }
                    admission.finish(commit);
                }
            }));
        }
        for (var f : done) {
            f.get();
        }
        pool.shutdown();
        long a = storage.series.stream().filter(s -> s.get("team").equals("a")).count();
        long b = storage.series.stream().filter(s -> s.get("team").equals("b")).count();
        long c = storage.series.stream().filter(s -> s.get("team").equals("c")).count();
        assertTrue(a <= 40 && b <= 25 && c <= 100 && storage.series.size() <= 300,
                "seed " + seed + ": a=" + a + " b=" + b + " c=" + c + " total=" + storage.series.size());
        assertEquals(List.of(40L, 25L, 100L), List.of(a, b, c), "seed " + seed + ": 1,200 random writes fill every set");
        // The counts kept match storage: nothing more fits, and a re-seed agrees.
        assertEquals(Rejection.PER_LABEL_SET_LIMIT, write(limits, text, storage, series("__name__", "m", "team", "a", "i", "new"))[0]);
        assertEquals(Rejection.PER_LABEL_SET_LIMIT, write(limits, text + " ", storage, series("__name__", "m", "team", "c", "i", "new"))[0]);
    }

    /** Random requests against a model that recounts every label set from the full set of series each time. */
    @Test
    void randomWritesAgreeWithAModelThatRecountsEverything() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        String[] teams = {"a", "b", "c"};
        String[] envs = {"prod", "dev"};
        for (int round = 0; round < 30; round++) {
            long maxWorkspace = random.nextBoolean() ? 0 : 5 + random.nextInt(60);
            SeriesLimits limits = new SeriesLimits(maxWorkspace);
            InMemoryStorage storage = new InMemoryStorage();
            for (int i = random.nextInt(20); i > 0; i--) {
                storage.add("__name__", "m", "team", teams[random.nextInt(3)], "i", Integer.toString(random.nextInt(40)));
            }
            String text = null;
            List<LabelSetLimit> model = List.of();
            for (int step = 0; step < 40; step++) {
                if (random.nextInt(8) == 0) {
                    List<String> entries = new ArrayList<>();
                    Set<String> used = new HashSet<>();
                    for (int e = random.nextInt(4); e > 0; e--) {
                        int kind = random.nextInt(4);
                        String[] set = switch (kind) {
                            case 0 -> new String[] {"team", teams[random.nextInt(3)]};
                            case 1 -> new String[] {"env", envs[random.nextInt(2)]};
                            case 2 -> new String[] {"env", envs[random.nextInt(2)], "team", teams[random.nextInt(3)]};
                            default -> new String[0];
                        };
                        if (used.add(String.join(",", set))) {
                            entries.add(entry(random.nextInt(12), set));
                        }
                    }
                    text = entries.isEmpty() && random.nextBoolean() ? null : limits(entries.toArray(String[]::new));
                    model = LabelSetLimit.parse(text);
                }
                List<AcceptedSeries> request = new ArrayList<>();
                Set<Labels> inRequest = new HashSet<>();
                for (int s = 1 + random.nextInt(6); s > 0; s--) {
                    List<String> pairs = new ArrayList<>(List.of("__name__", "m", "i", Integer.toString(random.nextInt(40))));
                    if (random.nextInt(4) > 0) {
                        pairs.addAll(List.of("team", teams[random.nextInt(3)]));
                    }
                    if (random.nextBoolean()) {
                        pairs.addAll(List.of("env", envs[random.nextInt(2)]));
                    }
                    AcceptedSeries one = series(pairs.toArray(String[]::new));
                    if (inRequest.add(Labels.ofSortedPairs(one.labelPairs()))) {
                        request.add(one);
                    }
                }
                Rejection[] expected = modelWrite(model, maxWorkspace, storage.series, request);
                Rejection[] actual = write(limits, text, storage, request.toArray(AcceptedSeries[]::new));
                assertEquals(Arrays.asList(expected), Arrays.asList(actual), "seed " + seed + ", round " + round + ", step "
                        + step + ", limits " + model + ", request " + request.stream().map(AcceptedSeries::describe).toList());
            }
        }
    }

    /** The rule stated plainly: a new series needs room in every enforced set it falls under and in the workspace. */
    private static Rejection[] modelWrite(List<LabelSetLimit> limits, long maxWorkspace, Set<Labels> existing,
            List<AcceptedSeries> request) {
        Set<Labels> all = new HashSet<>(existing);
        Rejection[] out = new Rejection[request.size()];
        for (int i = 0; i < request.size(); i++) {
            Labels labels = Labels.ofSortedPairs(request.get(i).labelPairs());
            if (all.contains(labels)) {
                continue;
            }
            for (LabelSetLimit limit : under(limits, labels.toPairs())) {
                long count = all.stream().filter(s -> under(limits, s.toPairs()).contains(limit)).count();
                if (count >= limit.maxSeries()) {
                    out[i] = Rejection.PER_LABEL_SET_LIMIT;
                }
            }
            if (out[i] == null && maxWorkspace > 0 && all.size() + 1 > maxWorkspace) {
                out[i] = Rejection.SERIES_LIMIT;
            }
            if (out[i] == null) {
                all.add(labels);
            }
        }
        return out;
    }

    private static List<LabelSetLimit> under(List<LabelSetLimit> limits, String[] pairs) {
        List<LabelSetLimit> matched = limits.stream().filter(l -> !l.isDefault() && l.includedIn(pairs)).toList();
        List<LabelSetLimit> chosen = matched.isEmpty() ? limits.stream().filter(LabelSetLimit::isDefault).toList() : matched;
        return chosen.stream().filter(LabelSetLimit::enforced).toList();
    }
}
