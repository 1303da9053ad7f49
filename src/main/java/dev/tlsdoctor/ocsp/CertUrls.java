package dev.tlsdoctor.ocsp;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/** Where a certificate says its revocation status can be asked: AIA OCSP URLs and CRL distribution points. */
final class CertUrls {
    private CertUrls() {}

    /** The AIA id-ad-ocsp URIs, in certificate order: the URLs CockroachDB (Go's x509.OCSPServer) tries in turn. */
    static List<String> ocsp(X509Certificate cert) {
        List<String> urls = new ArrayList<>();
        ASN1Primitive value = extension(cert, Extension.authorityInfoAccess.getId());
        if (value == null) {
            return urls;
        }
        try {
            for (AccessDescription ad : AuthorityInformationAccess.getInstance(value).getAccessDescriptions()) {
                if (AccessDescription.id_ad_ocsp.equals(ad.getAccessMethod())
                        && ad.getAccessLocation().getTagNo() == GeneralName.uniformResourceIdentifier) {
                    urls.add(ad.getAccessLocation().getName().toString());
                }
            }
        } catch (IllegalArgumentException malformed) {
            // a malformed AIA names no responder we could ask
        }
        return urls;
    }

    /** The http(s) URIs of the CRL distribution points (LDAP ones cannot be fetched over HTTP and are left out). */
    static List<String> crl(X509Certificate cert) {
        List<String> urls = new ArrayList<>();
        ASN1Primitive value = extension(cert, Extension.cRLDistributionPoints.getId());
        if (value == null) {
            return urls;
        }
        try {
            for (DistributionPoint dp : CRLDistPoint.getInstance(value).getDistributionPoints()) {
                DistributionPointName name = dp.getDistributionPoint();
                if (name == null || name.getType() != DistributionPointName.FULL_NAME) {
                    continue;
                }
                for (GeneralName gn : GeneralNames.getInstance(name.getName()).getNames()) {
                    String uri = gn.getTagNo() == GeneralName.uniformResourceIdentifier ? gn.getName().toString() : "";
                    if (uri.toLowerCase(Locale.ROOT).startsWith("http://") || uri.toLowerCase(Locale.ROOT).startsWith("https://")) {
                        urls.add(uri);
                    }
                }
            }
        } catch (IllegalArgumentException malformed) {
            // a malformed extension names no CRL we could fetch
        }
        return urls;
    }

    private static ASN1Primitive extension(X509Certificate cert, String oid) {
        byte[] raw = cert.getExtensionValue(oid);
        if (raw == null) {
            return null;
        }
        try {
            return JcaX509ExtensionUtils.parseExtensionValue(raw);
        } catch (IOException malformed) {
            return null;
        }
    }
}
