package dev.tlsdoctor.k8s;

import java.util.ArrayList;
import java.util.List;

/**
 * The names nodes and clients use to reach a CockroachDB StatefulSet, as the Helm chart and the operators set
 * it up: each pod's stable name under the headless service (the chart's {@code --join} and {@code --advertise-host}
 * use NAME-i.NAME.NS.svc.DOMAIN) in its namespaced and fully qualified form, the public service in its short,
 * namespaced and fully qualified form, and localhost and 127.0.0.1 for clients in the pod. The chart's own node
 * certificates carry them as *.NAME.NS, *.NAME.NS.svc.DOMAIN and NAME-public(.NS(.svc.DOMAIN)). The operator-managed
 * chart also reaches the nodes through NAME-join.
 * <p>
 * The short pod name NAME-i.NAME is not among them: the chart covers it only with *.NAME, a wildcard over one label,
 * which Go (CockroachDB) and libpq accept but OpenSSL-based clients refuse, and tls-doctor judges wildcards as OpenSSL
 * does; nothing in the chart dials it.
 *
 * @param name the StatefulSet's name (the chart's fullname), which is also the headless service's
 * @param namespace its namespace
 * @param replicas how many pods
 * @param clusterDomain the cluster's DNS domain
 * @param joinService whether a NAME-join service reaches the nodes (the operator-managed chart)
 */
public record StatefulSetHosts(String name, String namespace, int replicas, String clusterDomain, boolean joinService) {

    public List<String> hosts() {
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            String pod = name + "-" + i + "." + name;
            hosts.add(pod + "." + namespace);
            hosts.add(pod + "." + namespace + ".svc." + clusterDomain);
        }
        forms(hosts, name + "-public");
        if (joinService) {
            forms(hosts, name + "-join");
        }
        hosts.add("localhost");
        hosts.add("127.0.0.1");
        return hosts;
    }

    /** {@code base}, {@code base.NS} and {@code base.NS.svc.DOMAIN}: the forms the chart puts in its certificates. */
    private void forms(List<String> hosts, String base) {
        hosts.add(base);
        hosts.add(base + "." + namespace);
        hosts.add(base + "." + namespace + ".svc." + clusterDomain);
    }
}
