package dev.tlsdoctor.certs;

import dev.tlsdoctor.certs.BadFileException.Kind;
import dev.tlsdoctor.certs.CertParser.Encoding;
import dev.tlsdoctor.certs.CertParser.Entry;
import dev.tlsdoctor.certs.CertParser.Parsed;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.CertBag;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilderProvider;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;

/**
 * Files of several certificates and keys: PKCS#7 ({@code .p7b}, as Windows and AD CS export chains),
 * PKCS#12 ({@code .p12}/{@code .pfx}) and Java key stores (JKS, JCEKS). Each certificate is read by a
 * {@link CertReader} (so one the JDK refuses is still read), and each entry is named by its place:
 * {@code #2} for the second certificate of a PKCS#7 or PKCS#12 file, {@code :alias} in a key store.
 */
final class Containers {
    private static final int JKS_MAGIC = 0xFEEDFEED;
    private static final int JCEKS_MAGIC = 0xCECECECE;
    /** INTEGER 3, then a SEQUENCE. */
    private static final byte[] PKCS12_START = {0x02, 0x01, 0x03, 0x30};
    /** OBJECT IDENTIFIER 1.2.840.113549.1.7.2 (signedData). */
    private static final byte[] PKCS7_START = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x07, 0x02};

    private Containers() {}

    static boolean isKeyStore(byte[] bytes) {
        int magic = magic(bytes);
        return magic == JKS_MAGIC || magic == JCEKS_MAGIC;
    }

    /** PFX: a SEQUENCE starting with the INTEGER version 3 and a ContentInfo; told from the first bytes, so a truncated file is still told. */
    static boolean isPkcs12(byte[] bytes) {
        return startsWithin(bytes, PKCS12_START);
    }

    /** ContentInfo of type signedData, told from the first bytes. */
    static boolean isPkcs7(byte[] bytes) {
        return startsWithin(bytes, PKCS7_START);
    }

    /** Whether the contents of the outer SEQUENCE of {@code bytes} begin with {@code start}. */
    private static boolean startsWithin(byte[] bytes, byte[] start) {
        if (bytes.length < 2 || bytes[0] != 0x30) {
            return false;
        }
        int first = bytes[1] & 0xff;
        int at = first < 0x80 ? 2 : first == 0x80 ? 2 : 2 + (first & 0x7f); // 0x80: BER's indefinite length, as Windows writes some
        return bytes.length >= at + start.length && Arrays.equals(bytes, at, at + start.length, start, 0, start.length);
    }

    /** The certificates of a PKCS#7 SignedData (its signatures, if any, are not what a certificate bundle is for). */
    static Parsed pkcs7(Path file, byte[] der, Encoding encoding) throws BadFileException {
        ASN1Set set;
        try {
            set = SignedData.getInstance(ContentInfo.getInstance(ASN1Primitive.fromByteArray(der)).getContent()).getCertificates();
        } catch (IOException | RuntimeException e) { // BouncyCastle reports malformed ASN.1 with assorted runtime exceptions
            throw new BadFileException(file, "malformed PKCS#7 (truncated or damaged)");
        }
        if (set == null || set.size() == 0) {
            throw new BadFileException(file, Kind.NOT_A_CERTIFICATE, "a PKCS#7 file with no certificates");
        }
        List<RefusedCertificate> refused = new ArrayList<>(0);
        CertReader reader = new CertReader(file, encoding, refused);
        Map<String, X509Certificate> certs = new LinkedHashMap<>();
        int n = 0;
        for (ASN1Encodable element : set) {
            n++;
            if (!(element.toASN1Primitive() instanceof ASN1Sequence)) {
                continue; // an attribute certificate or another choice of CertificateChoices: not an X.509 certificate
            }
            X509Certificate cert = reader.read(encoded(element), "#" + n, "certificate #" + n);
            if (cert != null) {
                certs.put("#" + n, cert);
            }
        }
        return new Parsed(List.copyOf(certs.values()), encoding, List.of(), null, standalone(certs, List.of()), refused);
    }

    /**
     * A PKCS#12 file: its integrity checked with the password, then its certificates and keys, a key
     * with the certificate of the same localKeyId and that certificate's chain.
     */
    static Parsed pkcs12(Path file, byte[] der, Passwords passwords) throws BadFileException {
        PKCS12PfxPdu pfx;
        try {
            pfx = new PKCS12PfxPdu(der);
        } catch (IOException | RuntimeException e) {
            throw new BadFileException(file, "malformed PKCS#12 (truncated or damaged)");
        }
        char[] password = passwords.get(file);
        boolean given = password != null;
        if (!given) {
            password = new char[0]; // openssl pkcs12 -export -passout pass: writes files that open with an empty password
        }
        try {
            if (pfx.hasMac() && !pfx.isMacValid(new JcePKCS12MacCalculatorBuilderProvider().setProvider(CertReader.bouncyCastle()), password)) {
                if (password.length == 0) {
                    return withEmptyPassword(file, der);
                }
                throw passwordProblem(file, given, "PKCS#12 file");
            }
            InputDecryptorProvider decryptor = new JcePKCSPBEInputDecryptorProviderBuilder().setProvider(CertReader.bouncyCastle()).build(password);
            List<RefusedCertificate> refused = new ArrayList<>(0);
            CertReader reader = new CertReader(file, Encoding.PKCS12, refused);
            Map<String, X509Certificate> certs = new LinkedHashMap<>();
            Map<String, String> certIds = new LinkedHashMap<>();
            Map<String, PrivateKeyInfo> keys = new LinkedHashMap<>();
            int n = 0;
            for (org.bouncycastle.asn1.pkcs.ContentInfo info : pfx.getContentInfos()) {
                PKCS12SafeBagFactory bags = info.getContentType().equals(PKCSObjectIdentifiers.encryptedData)
                        ? new PKCS12SafeBagFactory(info, decryptor) : new PKCS12SafeBagFactory(info);
                for (PKCS12SafeBag bag : bags.getSafeBags()) {
                    ASN1ObjectIdentifier type = bag.getType();
                    String id = localKeyId(bag);
                    if (type.equals(PKCSObjectIdentifiers.certBag)) {
                        n++;
                        CertBag certBag = CertBag.getInstance(bag.toASN1Structure().getBagValue());
                        if (!certBag.getCertId().equals(PKCSObjectIdentifiers.x509Certificate)) {
                            continue; // an SDSI certificate: nothing a TLS client uses
                        }
                        X509Certificate cert = reader.read(ASN1OctetString.getInstance(certBag.getCertValue()).getOctets(), "#" + n, "certificate #" + n);
                        if (cert != null) {
                            certs.put("#" + n, cert);
                            if (id != null) {
                                certIds.put(id, "#" + n);
                            }
                        }
                    } else if (type.equals(PKCSObjectIdentifiers.pkcs8ShroudedKeyBag)) {
                        keys.put(id != null ? id : "key" + keys.size(), ((PKCS8EncryptedPrivateKeyInfo) bag.getBagValue()).decryptPrivateKeyInfo(decryptor));
                    } else if (type.equals(PKCSObjectIdentifiers.keyBag)) {
                        keys.put(id != null ? id : "key" + keys.size(), (PrivateKeyInfo) bag.getBagValue());
                    }
                }
            }
            List<Entry> keyEntries = new ArrayList<>();
            for (Map.Entry<String, PrivateKeyInfo> key : keys.entrySet()) {
                String place = certIds.get(key.getKey());
                if (place == null) {
                    continue; // a key without its certificate: nothing to judge it against
                }
                ParsedKey parsedKey = null;
                String problem = null;
                try {
                    parsedKey = KeyParser.fromKeyInfo(file, key.getValue(), KeyFormat.PKCS12);
                } catch (BadFileException e) {
                    problem = e.reason();
                }
                keyEntries.add(new Entry(place, chain(certs.get(place), certs.values()), parsedKey, null, problem));
            }
            return new Parsed(List.copyOf(certs.values()), Encoding.PKCS12, List.of(), null, standalone(certs, keyEntries), refused);
        } catch (PKCSException | RuntimeException e) {
            if (password.length == 0) {
                return withEmptyPassword(file, der);
            }
            // with the MAC checked, a bag that does not decrypt means a password of its own (rare) or a damaged file
            throw pfx.hasMac() ? new BadFileException(file, "malformed PKCS#12 (a part of it does not decrypt or decode)") : passwordProblem(file, given, "PKCS#12 file");
        }
    }

    /**
     * OpenSSL writes the MAC of an empty password ({@code -passout pass:}) over two zero bytes, which
     * BouncyCastle's MAC check does not try, and BouncyCastle's PBKDF2 refuses an empty password; the
     * JDK's PKCS#12 key store reads such files, as OpenSSL does (its certificates then as strictly as the JDK reads them).
     */
    private static Parsed withEmptyPassword(Path file, byte[] der) throws BadFileException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(der), new char[0]);
            return entries(file, store, Encoding.PKCS12, new char[0]);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new BadFileException(file, Kind.PASSWORD_NEEDED, "a PKCS#12 file that needs a password: " + Passwords.HOW);
        }
    }

    /** A JKS or JCEKS key store: read without the integrity check when no password is given (keys are then not opened). */
    static Parsed keyStore(Path file, byte[] bytes, Passwords passwords) throws BadFileException {
        boolean jks = magic(bytes) == JKS_MAGIC;
        String kind = jks ? "JKS key store" : "JCEKS key store";
        char[] password = passwords.get(file);
        KeyStore store;
        try {
            store = KeyStore.getInstance(jks ? "JKS" : "JCEKS");
            store.load(new ByteArrayInputStream(bytes), password);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw passwordProblem(file, true, kind);
            }
            throw new BadFileException(file, "malformed " + kind + " (truncated or damaged)");
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new BadFileException(file, "malformed " + kind + " (truncated or damaged)");
        }
        try {
            return entries(file, store, jks ? Encoding.JKS : Encoding.JCEKS, password);
        } catch (GeneralSecurityException e) {
            throw new BadFileException(file, "malformed " + kind + ": " + OneLine.of(String.valueOf(e.getMessage())));
        }
    }

    /** A loaded key store's entries in alias order: named {@code :alias}, or {@code #n} by their first certificate for PKCS#12. */
    private static Parsed entries(Path file, KeyStore store, Encoding encoding, char[] password) throws GeneralSecurityException {
        List<String> aliases = Collections.list(store.aliases());
        Collections.sort(aliases);
        List<X509Certificate> all = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        for (String alias : aliases) {
            String place = encoding == Encoding.PKCS12 ? "#" + (all.size() + 1) : ":" + alias;
            if (store.isKeyEntry(alias)) {
                Certificate[] chain = store.getCertificateChain(alias);
                if (chain == null || chain.length == 0) {
                    continue; // a secret key (JCEKS): no certificate
                }
                List<X509Certificate> certs = Arrays.stream(chain).map(X509Certificate.class::cast).toList();
                all.addAll(certs);
                entries.add(keyEntry(file, store, alias, place, certs, password));
            } else if (store.getCertificate(alias) instanceof X509Certificate cert) {
                all.add(cert);
                entries.add(new Entry(place, List.of(cert)));
            }
        }
        return new Parsed(all, encoding, List.of(), null, entries, List.of());
    }

    private static Entry keyEntry(Path file, KeyStore store, String alias, String place, List<X509Certificate> certs, char[] password)
            throws GeneralSecurityException {
        if (password == null) {
            return new Entry(place, certs, null, "not opened: no password given (" + Passwords.HOW + ")", null);
        }
        try {
            Key key = store.getKey(alias, password);
            if (!(key instanceof PrivateKey privateKey) || privateKey.getEncoded() == null) {
                return new Entry(place, certs, null, null, "a key the JDK cannot export for judging");
            }
            return new Entry(place, certs, KeyParser.fromKeyInfo(file, PrivateKeyInfo.getInstance(privateKey.getEncoded()), KeyFormat.KEY_STORE), null, null);
        } catch (UnrecoverableKeyException e) {
            return new Entry(place, certs, null, "not opened: it has a password of its own, other than the key store's", null);
        } catch (BadFileException e) {
            return new Entry(place, certs, null, null, e.reason());
        }
    }

    /**
     * The key entries, then an entry for every other certificate that is not an intermediate of another
     * (those are judged in the chains of the certificates they issued).
     */
    private static List<Entry> standalone(Map<String, X509Certificate> certs, List<Entry> keyEntries) {
        List<Entry> entries = new ArrayList<>(keyEntries);
        List<X509Certificate> inKeyEntries = keyEntries.stream().flatMap(e -> e.certs().stream()).toList();
        for (Map.Entry<String, X509Certificate> cert : certs.entrySet()) {
            X509Certificate c = cert.getValue();
            if (inKeyEntries.contains(c)) {
                continue;
            }
            boolean intermediate = !CertFacts.isSelfIssued(c) && certs.values().stream()
                    .anyMatch(other -> other != c && other.getIssuerX500Principal().equals(c.getSubjectX500Principal()));
            if (!intermediate) {
                entries.add(new Entry(cert.getKey(), List.of(c)));
            }
        }
        return entries;
    }

    /** {@code leaf} then its issuers among {@code certs}, by name, as far as they go. */
    private static List<X509Certificate> chain(X509Certificate leaf, java.util.Collection<X509Certificate> certs) {
        List<X509Certificate> chain = new ArrayList<>(List.of(leaf));
        X509Certificate at = leaf;
        while (!CertFacts.isSelfIssued(at)) {
            X509Certificate current = at;
            X509Certificate issuer = certs.stream()
                    .filter(c -> !chain.contains(c) && c.getSubjectX500Principal().equals(current.getIssuerX500Principal())).findFirst().orElse(null);
            if (issuer == null) {
                break;
            }
            chain.add(issuer);
            at = issuer;
        }
        return chain;
    }

    private static String localKeyId(PKCS12SafeBag bag) {
        Attribute[] attributes = bag.getAttributes();
        if (attributes == null) {
            return null;
        }
        for (Attribute attribute : attributes) {
            if (attribute.getAttrType().equals(PKCS12SafeBag.localKeyIdAttribute) && attribute.getAttrValues().size() > 0) {
                return org.bouncycastle.util.encoders.Hex.toHexString(ASN1OctetString.getInstance(attribute.getAttrValues().getObjectAt(0)).getOctets());
            }
        }
        return null;
    }

    private static BadFileException passwordProblem(Path file, boolean given, String kind) {
        return given ? new BadFileException(file, Kind.WRONG_PASSWORD, "the password given does not open this " + kind)
                : new BadFileException(file, Kind.PASSWORD_NEEDED, "a " + kind + " that needs a password: " + Passwords.HOW);
    }

    private static byte[] encoded(ASN1Encodable element) {
        try {
            return element.toASN1Primitive().getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("re-encoding parsed ASN.1 cannot fail", e);
        }
    }

    private static int magic(byte[] bytes) {
        return bytes.length < 4 ? 0 : (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
    }
}
