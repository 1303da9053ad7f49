package dev.tlsdoctor.k8s;

import dev.tlsdoctor.common.Evidence;
import dev.tlsdoctor.certs.BadFileException;
import dev.tlsdoctor.certs.CertKeeper;
import dev.tlsdoctor.certs.CertsDirLoader;
import dev.tlsdoctor.certs.CertsDirFiles;
import dev.tlsdoctor.certs.ClientKey;
import dev.tlsdoctor.certs.KeyFacts;
import dev.tlsdoctor.certs.KeyParser;
import dev.tlsdoctor.certs.KeyReader;
import dev.tlsdoctor.certs.ParsedKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Secret as the certs directory a pod mounts it as, held in memory: entries are named as CockroachDB sees
 * them ({@code node.crt}) and findings name the Secret key they come from ({@code secret/ns/name:tls.crt}).
 * A Secret's entries have no file mode (the pod's mount or copy sets it), so they carry no permissions and
 * rule key-permissions does not judge them.
 */
final class SecretCertsDir implements CertsDirFiles {
    private final KubeSecret secret;
    private final SecretMount mount;
    private final CertKeeper keeper;

    SecretCertsDir(KubeSecret secret, SecretMount mount, CertKeeper keeper) {
        this.secret = secret;
        this.mount = mount;
        this.keeper = keeper;
    }

    @Override
    public Path dir() {
        return Path.of(secret.location());
    }

    @Override
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        mount.files().forEach((name, key) -> {
            if (secret.entries().containsKey(key)) {
                names.add(name);
            }
        });
        return names;
    }

    @Override
    public Path path(String name) {
        return Path.of(secret.location(mount.key(name)));
    }

    @Override
    public boolean isDirectory(String name) {
        return false;
    }

    @Override
    public boolean isRegularFile(String name) {
        return secret.entries().containsKey(mount.key(name));
    }

    @Override
    public byte[] read(String name) throws BadFileException {
        byte[] value = secret.entries().get(mount.key(name));
        if (value == null) {
            throw new BadFileException(path(name), BadFileException.Kind.MISSING, "no such key in the Secret");
        }
        if (value.length == 0) {
            throw new BadFileException(path(name), BadFileException.Kind.EMPTY, "empty value");
        }
        return value;
    }

    @Override
    public KeyFacts key(String name, boolean pemOnly, List<Evidence> problems) {
        Path path = path(name);
        if (!isRegularFile(name)) {
            return new KeyFacts(path, false, false, null, null);
        }
        ParsedKey key = CertsDirLoader.parseKey(path, () -> read(name), pemOnly, problems);
        return new KeyFacts(path, true, true, null, key);
    }

    @Override
    public ClientKey clientKey(String name, String use, KeyReader reader) {
        try {
            return new ClientKey(path(name), use, reader, KeyParser.parse(path(name), read(name)), null, null);
        } catch (BadFileException e) {
            return new ClientKey(path(name), use, reader, null, e.reason(), null);
        }
    }

    @Override
    public CertKeeper keeper() {
        return keeper;
    }
}
