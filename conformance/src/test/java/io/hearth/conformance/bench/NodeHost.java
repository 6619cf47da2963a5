package io.hearth.conformance.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One simulated Linux host as node_exporter (plus an application's classic histograms) exposes it
 * to a 15 s scrape: CPU seconds per mode and CPU, memory, vmstat, filesystems, network and disk
 * counters, load, sockets, collector durations, the exporter's Go runtime, and two classic
 * histograms with {@code le} buckets. Values evolve as real ones do, at the precision node_exporter
 * reports them: counters grow by variable amounts in their unit (CPU ticks of 1/100 s, sectors of
 * 512 bytes, milliseconds), gauges random-walk over limited precision (kB pages, 4 KiB blocks,
 * millidegrees), some series never change, and a few are full-precision floats (durations,
 * clocks). Every series gets its own few milliseconds of timestamp jitter per scrape.
 *
 * <p>Deterministic for a given index and seed; {@link #scrape} must be called once per round, in
 * round order. Not thread-safe.
 */
final class NodeHost {

    /** The scrape interval. */
    static final long INTERVAL_MILLIS = 15_000;

    private static final String[] CPU_MODES = {"idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"};
    private static final double[] CPU_TICKS_PER_SCRAPE = {1200, 6, 0.6, 0.8, 4, 0.2, 45, 140};
    private static final String[] JOBS = {"node-web", "node-db", "node-cache", "node-batch"};
    private static final String[] COLLECTORS = {"arp", "bcache", "bonding", "btrfs", "conntrack", "cpu", "cpufreq",
        "diskstats", "dmi", "edac", "entropy", "fibrechannel", "filefd", "filesystem", "hwmon", "infiniband", "ipvs",
        "loadavg", "mdadm", "meminfo", "netclass", "netdev", "netstat", "nfs", "nfsd", "nvme", "os", "powersupplyclass",
        "pressure", "rapl", "schedstat", "selinux", "sockstat", "softnet", "stat", "tapestats", "textfile",
        "thermal_zone", "time", "timex", "udp_queues", "uname", "vmstat", "xfs", "zfs"};

    private final String instance;
    private final String job;
    private final SplittableRandom random;
    private final int phaseMillis;
    private final List<String[]> labels = new ArrayList<>();
    private final List<Family> families = new ArrayList<>();
    private double[] values;
    private long[] timestamps;

    NodeHost(int index, long seed) {
        this.instance = "host-" + index + ":9100";
        this.job = JOBS[index % JOBS.length];
        this.random = new SplittableRandom(seed * 1_000_003L + index);
        // Scrapes are spread over the interval, never on a multiple of 15 s, so no sample sits
        // exactly on a query's window boundary (Prometheus 2.42 and 3.x close windows differently).
        this.phaseMillis = 1_000 + random.nextInt(13_000);
        build(index % 3 == 0 ? 8 : 4, index % 2 == 0 ? 32L << 20 : 16L << 20);
        values = new double[labels.size()];
        timestamps = new long[labels.size()];
    }

    int series() {
        return labels.size();
    }

    /** @return the label pairs of series {@code i}, sorted by name, {@code __name__} first */
    String[] labels(int i) {
        return labels.get(i);
    }

    /** Advances every series to the scrape of the round starting at {@code roundStartMillis}. */
    void scrape(long roundStartMillis) {
        long at = roundStartMillis + phaseMillis;
        int offset = 0;
        for (Family family : families) {
            family.advance(random, at, values, offset);
            offset += family.size();
        }
        for (int i = 0; i < timestamps.length; i++) {
            timestamps[i] = at + random.nextInt(6);
        }
    }

    double value(int i) {
        return values[i];
    }

    long timestamp(int i) {
        return timestamps[i];
    }

    // ---- layout ----

    private void build(int cpus, long memKb) {
        for (int c = 0; c < cpus; c++) {
            String cpu = Integer.toString(c);
            for (int m = 0; m < CPU_MODES.length; m++) {
                add("node_cpu_seconds_total", counter(CPU_TICKS_PER_SCRAPE[m], 100, 1), "cpu", cpu, "mode", CPU_MODES[m]);
            }
            add("node_cpu_guest_seconds_total", new Constant(0), "cpu", cpu, "mode", "nice");
            add("node_cpu_guest_seconds_total", new Constant(0), "cpu", cpu, "mode", "user");
            add("node_cpu_scaling_frequency_hertz", new Gauge(800_000, 3_600_000, 250_000, 0.3, 1, 1000, random), "cpu", cpu);
            add("node_softnet_processed_total", counter(300, 1, 1), "cpu", cpu);
            add("node_softnet_dropped_total", new Constant(0), "cpu", cpu);
            add("node_softnet_times_squeezed_total", counter(0.05, 1, 1), "cpu", cpu);
        }
        memory(memKb);
        add("node_vmstat_pgpgin", counter(2_000, 1, 1));
        add("node_vmstat_pgpgout", counter(5_000, 1, 1));
        add("node_vmstat_pswpin", new Constant(0));
        add("node_vmstat_pswpout", new Constant(0));
        add("node_vmstat_pgfault", counter(50_000, 1, 1));
        add("node_vmstat_pgmajfault", counter(2, 1, 1));
        add("node_vmstat_oom_kill", new Constant(0));
        filesystem("/dev/sda1", "ext4", "/", 50L << 18);
        filesystem("/dev/sda2", "ext4", "/boot", 1L << 18);
        filesystem("/dev/nvme0n1p1", "xfs", "/var", 400L << 18);
        filesystem("tmpfs", "tmpfs", "/run", 3L << 18);
        filesystem("/dev/sdb1", "ext4", "/home", 200L << 18);
        network("lo", 2e6, 65536, 0);
        network("eth0", 1.5e7, 1500, 1_250_000_000L);
        network("docker0", 2e5, 1500, 0);
        disk("sda", 1);
        disk("nvme0n1", 4);
        add("node_load1", new Gauge(0, 800, 25, 0.0, 100, 1, random));
        add("node_load5", new Gauge(0, 800, 10, 0.0, 100, 1, random));
        add("node_load15", new Gauge(0, 800, 4, 0.0, 100, 1, random));
        add("node_boot_time_seconds", new Constant(1_700_000_000 + random.nextInt(5_000_000)));
        add("node_time_seconds", new Clock());
        add("node_context_switches_total", counter(60_000, 1, 1));
        add("node_intr_total", counter(40_000, 1, 1));
        add("node_forks_total", counter(30, 1, 1));
        add("node_procs_running", new Gauge(1, 12, 2, 0.2, 1, 1, random));
        add("node_procs_blocked", new Gauge(0, 3, 1, 0.8, 1, 1, random));
        add("node_entropy_available_bits", new Constant(256));
        add("node_filefd_allocated", new Gauge(1_000, 4_000, 15, 0.2, 1, 1, random));
        add("node_filefd_maximum", new Constant(9_223_372_036_854_775_807.0));
        add("node_netstat_Tcp_CurrEstab", new Gauge(10, 300, 4, 0.3, 1, 1, random));
        add("node_netstat_Tcp_ActiveOpens", counter(20, 1, 1));
        add("node_netstat_Tcp_PassiveOpens", counter(15, 1, 1));
        add("node_netstat_Tcp_InSegs", counter(5_000, 1, 1));
        add("node_netstat_Tcp_OutSegs", counter(5_500, 1, 1));
        add("node_netstat_Tcp_RetransSegs", counter(3, 1, 1));
        add("node_netstat_Udp_InDatagrams", counter(200, 1, 1));
        add("node_netstat_Udp_OutDatagrams", counter(200, 1, 1));
        add("node_netstat_Udp_InErrors", new Constant(0));
        add("node_sockstat_TCP_inuse", new Gauge(10, 300, 4, 0.3, 1, 1, random));
        add("node_sockstat_TCP_tw", new Gauge(0, 200, 5, 0.2, 1, 1, random));
        add("node_sockstat_TCP_alloc", new Gauge(10, 400, 4, 0.3, 1, 1, random));
        add("node_sockstat_TCP_mem_bytes", new Gauge(10, 2_000, 10, 0.2, 1, 4096, random));
        add("node_sockstat_UDP_inuse", new Gauge(2, 20, 1, 0.8, 1, 1, random));
        add("node_sockstat_sockets_used", new Gauge(100, 1_000, 6, 0.2, 1, 1, random));
        add("node_nf_conntrack_entries", new Gauge(50, 5_000, 30, 0.1, 1, 1, random));
        add("node_nf_conntrack_entries_limit", new Constant(262_144));
        add("node_timex_offset_seconds", new Gauge(-500_000, 500_000, 20_000, 0.0, 1_000_000_000, 1, random));
        add("node_timex_frequency_adjustment_ratio", new Noise(1.0000012, 0.0000004));
        add("node_timex_sync_status", new Constant(1));
        add("node_uname_info", new Constant(1), "domainname", "(none)", "machine", "x86_64", "nodename",
                instance.substring(0, instance.indexOf(':')), "release", "6.1.0-13-amd64", "sysname", "Linux",
                "version", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.55-1 (2023-09-29)");
        add("node_os_info", new Constant(1), "id", "debian", "name", "Debian GNU/Linux", "version_id", "12");
        add("node_exporter_build_info", new Constant(1), "branch", "debian/sid", "goversion", "go1.19.8",
                "revision", "1.5.0", "version", "1.5.0");
        add("node_textfile_scrape_error", new Constant(0));
        for (String sensor : new String[] {"temp1", "temp2", "temp3", "temp4", "temp5", "temp6"}) {
            add("node_hwmon_temp_celsius", new Gauge(30, 85, 1, 0.5, 1, 1, random), "chip", "platform_coretemp_0",
                    "sensor", sensor);
        }
        for (String resource : new String[] {"cpu_waiting", "io_waiting", "io_stalled", "memory_waiting", "memory_stalled"}) {
            add("node_pressure_" + resource + "_seconds_total", counter(40_000, 1_000_000, 1));
        }
        for (String collector : COLLECTORS) {
            add("node_scrape_collector_duration_seconds", new Noise(0.0004 + random.nextDouble() * 0.004, 0.0002),
                    "collector", collector);
            add("node_scrape_collector_success", new Constant(1), "collector", collector);
        }
        goRuntime();
        add("promhttp_metric_handler_requests_in_flight", new Constant(1));
        add("promhttp_metric_handler_requests_total", counter(1, 1, 1), "code", "200");
        add("promhttp_metric_handler_requests_total", new Constant(0), "code", "500");
        add("promhttp_metric_handler_requests_total", new Constant(0), "code", "503");
        String[] handlers = {"/api/orders", "/api/users", "/healthz", "/metrics"};
        double[] rates = {120, 45, 1, 0.07};
        for (int h = 0; h < handlers.length; h++) {
            histogram("http_request_duration_seconds", handlers[h], rates[h] * 15,
                    new double[] {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}, 0.08 * (h + 1));
            histogram("http_response_size_bytes", handlers[h], rates[h] * 15,
                    new double[] {100, 1_000, 10_000, 100_000, 1e6, 1e7, 1e8}, 3_000 * (h + 1));
        }
        add("up", new Constant(1));
        add("scrape_duration_seconds", new Noise(0.045, 0.01));
        add("scrape_samples_scraped", new Constant(labels.size() + 4));
        add("scrape_samples_post_metric_relabeling", new Constant(labels.size() + 3));
        add("scrape_series_added", new Constant(0));
    }

    private void memory(long totalKb) {
        add("node_memory_MemTotal_bytes", new Constant(totalKb * 1024.0));
        memGauge("MemFree", totalKb, 0.05, 0.4, 0.002);
        memGauge("MemAvailable", totalKb, 0.3, 0.8, 0.002);
        memGauge("Buffers", totalKb, 0.005, 0.02, 0.0001);
        memGauge("Cached", totalKb, 0.2, 0.5, 0.001);
        add("node_memory_SwapCached_bytes", new Constant(0));
        memGauge("Active", totalKb, 0.2, 0.5, 0.001);
        memGauge("Inactive", totalKb, 0.1, 0.4, 0.001);
        memGauge("Active_anon", totalKb, 0.1, 0.3, 0.001);
        memGauge("Inactive_anon", totalKb, 0.01, 0.05, 0.0002);
        memGauge("Active_file", totalKb, 0.1, 0.3, 0.001);
        memGauge("Inactive_file", totalKb, 0.1, 0.3, 0.001);
        add("node_memory_Unevictable_bytes", new Constant(24_576.0 * 1024));
        add("node_memory_Mlocked_bytes", new Constant(24_576.0 * 1024));
        add("node_memory_SwapTotal_bytes", new Constant(0));
        add("node_memory_SwapFree_bytes", new Constant(0));
        add("node_memory_Dirty_bytes", new Gauge(0, 20_000, 800, 0.0, 1, 1024, random));
        add("node_memory_Writeback_bytes", new Gauge(0, 40, 20, 0.9, 1, 1024, random));
        memGauge("AnonPages", totalKb, 0.1, 0.3, 0.001);
        memGauge("Mapped", totalKb, 0.02, 0.06, 0.0002);
        memGauge("Shmem", totalKb, 0.005, 0.02, 0.00005);
        memGauge("KReclaimable", totalKb, 0.02, 0.05, 0.0001);
        memGauge("Slab", totalKb, 0.03, 0.07, 0.0001);
        memGauge("SReclaimable", totalKb, 0.02, 0.05, 0.0001);
        memGauge("SUnreclaim", totalKb, 0.01, 0.02, 0.00005);
        add("node_memory_KernelStack_bytes", new Gauge(10_000, 20_000, 32, 0.5, 1, 1024, random));
        memGauge("PageTables", totalKb, 0.002, 0.006, 0.00001);
        add("node_memory_NFS_Unstable_bytes", new Constant(0));
        add("node_memory_Bounce_bytes", new Constant(0));
        add("node_memory_WritebackTmp_bytes", new Constant(0));
        add("node_memory_CommitLimit_bytes", new Constant(totalKb / 2 * 1024.0));
        memGauge("Committed_AS", totalKb, 0.3, 0.9, 0.002);
        add("node_memory_VmallocTotal_bytes", new Constant(34_359_738_367.0 * 1024));
        add("node_memory_VmallocUsed_bytes", new Gauge(30_000, 60_000, 40, 0.5, 1, 1024, random));
        add("node_memory_VmallocChunk_bytes", new Constant(0));
        add("node_memory_Percpu_bytes", new Constant(8_448.0 * 1024));
        add("node_memory_HardwareCorrupted_bytes", new Constant(0));
        add("node_memory_AnonHugePages_bytes", new Gauge(0, 200, 1, 0.7, 1, 2048 * 1024, random));
        add("node_memory_ShmemHugePages_bytes", new Constant(0));
        add("node_memory_ShmemPmdMapped_bytes", new Constant(0));
        add("node_memory_FileHugePages_bytes", new Constant(0));
        add("node_memory_FilePmdMapped_bytes", new Constant(0));
        add("node_memory_HugePages_Total", new Constant(0));
        add("node_memory_HugePages_Free", new Constant(0));
        add("node_memory_HugePages_Rsvd", new Constant(0));
        add("node_memory_HugePages_Surp", new Constant(0));
        add("node_memory_Hugepagesize_bytes", new Constant(2_097_152));
        add("node_memory_Hugetlb_bytes", new Constant(0));
        add("node_memory_DirectMap4k_bytes", new Constant(493_460.0 * 1024));
        add("node_memory_DirectMap2M_bytes", new Constant(totalKb * 0.6 * 1024 - (totalKb * 0.6 * 1024) % 2_097_152));
        add("node_memory_DirectMap1G_bytes", new Constant(2_147_483_648.0));
    }

    private void memGauge(String field, long totalKb, double low, double high, double step) {
        add("node_memory_" + field + "_bytes", new Gauge((long) (totalKb * low), (long) (totalKb * high),
                Math.max(1, totalKb * step), 0.1, 1, 1024, random));
    }

    private void filesystem(String device, String fstype, String mountpoint, long blocks) {
        String[] l = {"device", device, "fstype", fstype, "mountpoint", mountpoint};
        long used = (long) (blocks * (0.2 + 0.6 * random.nextDouble()));
        add("node_filesystem_avail_bytes", new Gauge(blocks - used - blocks / 10, blocks - used, 30, 0.3, 1, 4096, random), l);
        add("node_filesystem_free_bytes", new Gauge(blocks - used - blocks / 20, blocks - used + blocks / 20, 30, 0.3, 1, 4096, random), l);
        add("node_filesystem_size_bytes", new Constant(blocks * 4096.0), l);
        add("node_filesystem_files", new Constant(blocks / 4), l);
        add("node_filesystem_files_free", new Gauge(blocks / 8, blocks / 4, 5, 0.3, 1, 1, random), l);
        add("node_filesystem_readonly", new Constant(0), l);
        add("node_filesystem_device_error", new Constant(0), l);
    }

    private void network(String device, double bytesPerScrape, int mtu, long speed) {
        String[] l = {"device", device};
        double packets = bytesPerScrape / 900;
        for (String direction : new String[] {"receive", "transmit"}) {
            double scale = direction.equals("receive") ? 1 : 0.7;
            add("node_network_" + direction + "_bytes_total", counter(bytesPerScrape * scale, 1, 1), l);
            add("node_network_" + direction + "_packets_total", counter(packets * scale, 1, 1), l);
            add("node_network_" + direction + "_errs_total", new Constant(0), l);
            add("node_network_" + direction + "_drop_total", counter(device.equals("eth0") ? 0.02 : 0, 1, 1), l);
            add("node_network_" + direction + "_fifo_total", new Constant(0), l);
            add("node_network_" + direction + "_compressed_total", new Constant(0), l);
            add("node_network_" + direction + (direction.equals("receive") ? "_frame_total" : "_colls_total"), new Constant(0), l);
            add("node_network_" + direction + (direction.equals("receive") ? "_multicast_total" : "_carrier_total"),
                    counter(direction.equals("receive") && device.equals("eth0") ? 0.5 : 0, 1, 1), l);
        }
        add("node_network_up", new Constant(1), l);
        add("node_network_mtu_bytes", new Constant(mtu), l);
        add("node_network_speed_bytes", new Constant(speed), l);
        add("node_network_carrier", new Constant(1), l);
        add("node_network_transmit_queue_length", new Constant(1000), l);
    }

    private void disk(String device, double load) {
        String[] l = {"device", device};
        add("node_disk_reads_completed_total", counter(100 * load, 1, 1), l);
        add("node_disk_reads_merged_total", counter(10 * load, 1, 1), l);
        add("node_disk_read_bytes_total", counter(2_000 * load, 1, 512), l);
        add("node_disk_read_time_seconds_total", counter(200 * load, 1_000, 1), l);
        add("node_disk_writes_completed_total", counter(300 * load, 1, 1), l);
        add("node_disk_writes_merged_total", counter(100 * load, 1, 1), l);
        add("node_disk_written_bytes_total", counter(6_000 * load, 1, 512), l);
        add("node_disk_write_time_seconds_total", counter(800 * load, 1_000, 1), l);
        add("node_disk_io_now", new Gauge(0, 8, 1, 0.6, 1, 1, random), l);
        add("node_disk_io_time_seconds_total", counter(900, 1_000, 1), l);
        add("node_disk_io_time_weighted_seconds_total", counter(1_200 * load, 1_000, 1), l);
        add("node_disk_discards_completed_total", counter(0.5, 1, 1), l);
        add("node_disk_discards_merged_total", counter(0.1, 1, 1), l);
        add("node_disk_discarded_sectors_total", counter(50, 1, 1), l);
        add("node_disk_discard_time_seconds_total", counter(1, 1_000, 1), l);
        add("node_disk_flush_requests_total", counter(30, 1, 1), l);
        add("node_disk_flush_requests_time_seconds_total", counter(40, 1_000, 1), l);
    }

    private void goRuntime() {
        String[] quantiles = {"0", "0.25", "0.5", "0.75", "1"};
        for (int q = 0; q < quantiles.length; q++) {
            add("go_gc_duration_seconds", new Noise(0.00002 * (q + 1), 0.000005 * (q + 1)), "quantile", quantiles[q]);
        }
        add("go_gc_duration_seconds_sum", new FloatCounter(0.00006));
        add("go_gc_duration_seconds_count", counter(1, 1, 1));
        add("go_goroutines", new Gauge(7, 12, 1, 0.6, 1, 1, random));
        add("go_threads", new Constant(8));
        add("go_info", new Constant(1), "version", "go1.19.8");
        add("go_memstats_alloc_bytes", new Gauge(2_000_000, 6_000_000, 300_000, 0.0, 1, 1, random));
        add("go_memstats_alloc_bytes_total", counter(5e6, 1, 1));
        add("go_memstats_buck_hash_sys_bytes", new Constant(1_475_521));
        add("go_memstats_frees_total", counter(5e4, 1, 1));
        add("go_memstats_gc_sys_bytes", new Gauge(8_000_000, 9_000_000, 20_000, 0.9, 1, 1, random));
        add("go_memstats_heap_alloc_bytes", new Gauge(2_000_000, 6_000_000, 300_000, 0.0, 1, 1, random));
        add("go_memstats_heap_idle_bytes", new Gauge(300, 800, 20, 0.3, 1, 8192, random));
        add("go_memstats_heap_inuse_bytes", new Gauge(300, 800, 20, 0.3, 1, 8192, random));
        add("go_memstats_heap_objects", new Gauge(10_000, 40_000, 2_000, 0.0, 1, 1, random));
        add("go_memstats_heap_released_bytes", new Gauge(100, 600, 20, 0.5, 1, 8192, random));
        add("go_memstats_heap_sys_bytes", new Gauge(1_000, 1_400, 8, 0.9, 1, 8192, random));
        add("go_memstats_last_gc_time_seconds", new Clock());
        add("go_memstats_lookups_total", new Constant(0));
        add("go_memstats_mallocs_total", counter(5e4, 1, 1));
        add("go_memstats_mcache_inuse_bytes", new Constant(4_800));
        add("go_memstats_mcache_sys_bytes", new Constant(15_600));
        add("go_memstats_mspan_inuse_bytes", new Gauge(100_000, 140_000, 800, 0.5, 1, 1, random));
        add("go_memstats_mspan_sys_bytes", new Gauge(150_000, 160_000, 16_320, 0.95, 1, 1, random));
        add("go_memstats_next_gc_bytes", new Gauge(4_000_000, 9_000_000, 200_000, 0.7, 1, 1, random));
        add("go_memstats_other_sys_bytes", new Gauge(1_000_000, 1_100_000, 2_000, 0.9, 1, 1, random));
        add("go_memstats_stack_inuse_bytes", new Gauge(15, 30, 1, 0.8, 1, 32_768, random));
        add("go_memstats_stack_sys_bytes", new Gauge(15, 30, 1, 0.8, 1, 32_768, random));
        add("go_memstats_sys_bytes", new Gauge(2_800, 3_200, 8, 0.95, 1, 8192, random));
        add("process_cpu_seconds_total", counter(2, 100, 1));
        add("process_max_fds", new Constant(1_048_576));
        add("process_open_fds", new Gauge(8, 12, 1, 0.6, 1, 1, random));
        add("process_resident_memory_bytes", new Gauge(4_000, 6_000, 20, 0.3, 1, 4096, random));
        add("process_start_time_seconds", new Constant(1_700_000_000.37 + random.nextInt(1_000_000)));
        add("process_virtual_memory_bytes", new Gauge(180_000, 190_000, 100, 0.9, 1, 4096, random));
        add("process_virtual_memory_max_bytes", new Constant(1.8446744073709552e19));
    }

    /** A classic histogram: cumulative {@code le} buckets, {@code _sum} and {@code _count}. */
    private void histogram(String name, String handler, double perScrape, double[] bounds, double typical) {
        Histogram h = new Histogram(perScrape, bounds, typical);
        families.add(h);
        for (int b = 0; b <= bounds.length; b++) {
            String le = b == bounds.length ? "+Inf" : formatBound(bounds[b]);
            labels.add(sorted(name + "_bucket", "handler", handler, "le", le));
        }
        labels.add(sorted(name + "_sum", "handler", handler));
        labels.add(sorted(name + "_count", "handler", handler));
    }

    private static String formatBound(double bound) {
        // As the Go client writes them: shortest form, exponent for large values.
        if (bound >= 1e6) {
            return String.format("%.0e", bound);
        }
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }

    private Counter counter(double unitsPerScrape, long divisor, long multiplier) {
        return new Counter(unitsPerScrape, divisor, multiplier, random);
    }

    private void add(String name, Family family, String... pairs) {
        families.add(family);
        labels.add(sorted(name, pairs));
    }

    private String[] sorted(String name, String... pairs) {
        int n = pairs.length / 2 + 3;
        String[][] entries = new String[n][];
        entries[0] = new String[] {"__name__", name};
        entries[1] = new String[] {"instance", instance};
        entries[2] = new String[] {"job", job};
        for (int i = 0; i < pairs.length; i += 2) {
            entries[3 + i / 2] = new String[] {pairs[i], pairs[i + 1]};
        }
        Arrays.sort(entries, (a, b) -> a[0].compareTo(b[0]));
        String[] out = new String[n * 2];
        for (int i = 0; i < n; i++) {
            out[2 * i] = entries[i][0];
            out[2 * i + 1] = entries[i][1];
        }
        return out;
    }

    // ---- value evolution ----

    /** Consecutive series whose values are advanced together, once per scrape. */
    private interface Family {
        int size();

        void advance(SplittableRandom random, long scrapeMillis, double[] out, int at);
    }

    private abstract static class Single implements Family {
        @Override
        public final int size() {
            return 1;
        }
    }

    private static final class Constant extends Single {
        private final double value;

        Constant(double value) {
            this.value = value;
        }

        @Override
        public void advance(SplittableRandom random, long scrapeMillis, double[] out, int at) {
            out[at] = value;
        }
    }

    /** Whole units (ticks, sectors, packets) growing by a log-normal amount, stochastically rounded. */
    private static final class Counter extends Single {
        private final double mean;
        private final long divisor;
        private final long multiplier;
        private long units;

        Counter(double mean, long divisor, long multiplier, SplittableRandom random) {
            this.mean = mean;
            this.divisor = divisor;
            this.multiplier = multiplier;
            this.units = (long) (mean * (5_000 + random.nextInt(100_000)));
        }

        @Override
        public void advance(SplittableRandom random, long scrapeMillis, double[] out, int at) {
            double x = mean * Math.exp(0.5 * random.nextGaussian() - 0.125);
            units += (long) Math.floor(x + random.nextDouble());
            out[at] = scaled(units, divisor, multiplier);
        }
    }

    /** A sum of durations: grows by full-precision floats. */
    private static final class FloatCounter extends Single {
        private final double mean;
        private double value;

        FloatCounter(double mean) {
            this.mean = mean;
            this.value = mean * 20_000 * Math.PI;
        }

        @Override
        public void advance(SplittableRandom random, long scrapeMillis, double[] out, int at) {
            value += mean * Math.exp(0.5 * random.nextGaussian() - 0.125);
            out[at] = value;
        }
    }

    /** A bounded random walk in whole units; with probability {@code stay} the value does not move. */
    private static final class Gauge extends Single {
        private final long min;
        private final long max;
        private final double step;
        private final double stay;
        private final long divisor;
        private final long multiplier;
        private long units;

        Gauge(long min, long max, double step, double stay, long divisor, long multiplier, SplittableRandom random) {
            this.min = min;
            this.max = Math.max(min, max);
            this.step = step;
            this.stay = stay;
            this.divisor = divisor;
            this.multiplier = multiplier;
            this.units = min + (long) (random.nextDouble() * (this.max - min));
        }

        @Override
        public void advance(SplittableRandom random, long scrapeMillis, double[] out, int at) {
            if (random.nextDouble() >= stay) {
                units = Math.clamp(units + Math.round(random.nextGaussian() * step), min, max);
            }
            out[at] = scaled(units, divisor, multiplier);
        }
    }

    /** A full-precision float around a mean: durations, ratios. */
    private static final class Noise extends Single {
        private final double mean;
        private final double sd;

        Noise(double mean, double sd) {
            this.mean = mean;
            this.sd = sd;
        }

        @Override
        public void advance(SplittableRandom random, long scrapeMillis, double[] out, int at) {
            out[at] = Math.max(0, mean + sd * random.nextGaussian());
        }
    }

    /** Wall-clock seconds with nanosecond noise, as node_time_seconds. */
    private static final class Clock extends Single {
        @Override
        public void advance(SplittableRandom random, long scrapeMillis, double[] out, int at) {
            out[at] = (scrapeMillis * 1_000_000L + random.nextInt(1_000_000)) / 1e9;
        }
    }

    /** Requests spread over buckets around a typical value; cumulative buckets, sum and count. */
    private static final class Histogram implements Family {
        private final double perScrape;
        private final double[] bounds;
        private final double[] probabilities;
        private final double[] midpoints;
        private final long[] counts;
        private double sum;

        Histogram(double perScrape, double[] bounds, double typical) {
            this.perScrape = perScrape;
            this.bounds = bounds;
            this.probabilities = new double[bounds.length + 1];
            this.midpoints = new double[bounds.length + 1];
            this.counts = new long[bounds.length + 1];
            // A log-normal-ish latency profile: weight by distance of each bucket from the typical value.
            double total = 0;
            for (int b = 0; b <= bounds.length; b++) {
                double upper = b == bounds.length ? bounds[b - 1] * 4 : bounds[b];
                double lower = b == 0 ? upper / 4 : bounds[b - 1];
                midpoints[b] = (upper + lower) / 2;
                double d = Math.log(midpoints[b] / typical);
                probabilities[b] = Math.exp(-d * d / 2);
                total += probabilities[b];
            }
            for (int b = 0; b <= bounds.length; b++) {
                probabilities[b] /= total;
                counts[b] = (long) (probabilities[b] * perScrape * 10_000);
                sum += counts[b] * midpoints[b];
            }
        }

        @Override
        public int size() {
            return bounds.length + 3;
        }

        @Override
        public void advance(SplittableRandom random, long scrapeMillis, double[] out, int at) {
            double requests = perScrape * Math.exp(0.3 * random.nextGaussian() - 0.045);
            long cumulative = 0;
            for (int b = 0; b <= bounds.length; b++) {
                double expected = requests * probabilities[b];
                long n = (long) Math.max(0, Math.floor(expected + Math.sqrt(expected) * random.nextGaussian() + random.nextDouble()));
                counts[b] += n;
                sum += n * midpoints[b] * Math.max(0, 1 + 0.2 * random.nextGaussian());
                cumulative += counts[b];
                out[at + b] = cumulative;
            }
            out[at + bounds.length + 1] = sum;
            out[at + bounds.length + 2] = cumulative;
        }
    }

    private static double scaled(long units, long divisor, long multiplier) {
        return divisor == 1 ? (double) units * multiplier : units / (double) divisor;
    }
}
