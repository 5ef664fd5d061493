#!/usr/bin/python3
"""Independent WS-Security client of the pmo-gateway, built on Python zeep (Debian python3-zeep).

Sends an Al Omrane document (ao:EnvoiSituations -> SoumettreSituations; ao:EnvoiFichesProjets ->
SoumettreProjets) over the SOAP 1.2 or SOAP 1.1 binding, signed as the WSDL's policy requires:
X.509 BinarySecurityToken, wsu:Timestamp first in the Security header and signed, SOAP Body signed,
SHA-256 digests, RSA-SHA256 signature, exclusive C14N. Then it checks the gateway's response
itself (not with zeep's built-in check, which uses the client's own certificate): signature valid
under the gateway's certificate, the real Body and Timestamp among the signed references, unique
IDs, strong algorithms, and a wsse11:SignatureConfirmation carrying this request's SignatureValue.

On success prints the receipt's IdentifiantEchange (one line on stdout) and exits 0. Any failure:
message on stderr, exit 1 (2 for bad arguments). The raw response bytes are always written to --out
when a response arrived, so that xmlsec1 (verify_response.sh) can check them independently.

Run it with Debian's /usr/bin/python3 (python3-zeep, python3-xmlsec, python3-lxml); see
docs/INTEROP.md.
"""

import argparse
import base64
import datetime
import re
import sys
import uuid

try:
    import xmlsec
    from lxml import etree
    import zeep
    from zeep.exceptions import Fault, SignatureVerificationFailed, TransportError
    from zeep.transports import Transport
    from zeep.wsse.signature import BinarySignature
    from zeep.wsse.utils import get_security_header
except ImportError as missing:  # pragma: no cover - environment problem, reported clearly
    sys.stderr.write("client_zeep: missing Python module (%s); install the Debian packages "
                     "python3-zeep python3-xmlsec python3-lxml and run /usr/bin/python3\n" % missing)
    sys.exit(1)

WSDL_NS = "urn:ma:alomrane:suivi-projets:wsdl:v1"
AO_NS = "urn:ma:alomrane:suivi-projets:v1"
SOAP11_NS = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12_NS = "http://www.w3.org/2003/05/soap-envelope"
WSSE_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSSE11_NS = "http://docs.oasis-open.org/wss/oasis-wss-wssecurity-secext-1.1.xsd"
WSU_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
DS_NS = "http://www.w3.org/2000/09/xmldsig#"
XML_NS = "http://www.w3.org/XML/1998/namespace"

RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
STRONG_SIGNATURES = {
    RSA_SHA256,
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384",
    "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512",
}
STRONG_DIGESTS = {
    "http://www.w3.org/2001/04/xmlenc#sha256",
    "http://www.w3.org/2001/04/xmldsig-more#sha384",
    "http://www.w3.org/2001/04/xmlenc#sha512",
}
EXC_C14N = {"http://www.w3.org/2001/10/xml-exc-c14n#", "http://www.w3.org/2001/10/xml-exc-c14n#WithComments"}

# Root element of the document to send -> (operation, wrapper child name).
OPERATIONS = {
    "{%s}EnvoiSituations" % AO_NS: "SoumettreSituations",
    "{%s}EnvoiFichesProjets" % AO_NS: "SoumettreProjets",
}
TIMESTAMP_TTL = datetime.timedelta(minutes=5)   # the gateway's default validity is 300 s
CLOCK_SKEW = datetime.timedelta(minutes=1)


class ClientError(Exception):
    """Any failure this client reports (exit status 1)."""


def secure_parser():
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           remove_comments=False)


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc)


def xs_datetime(moment):
    """xs:dateTime in UTC with milliseconds (distinct bytes for requests made within one second)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (moment.microsecond // 1000)


def parse_xs_datetime(text):
    text = text.strip().replace("Z", "+00:00")
    match = re.match(r"^(.*T\d\d:\d\d:\d\d)(\.\d+)?(.*)$", text)
    if not match:
        raise ClientError("unreadable timestamp %r" % text)
    fraction = (match.group(2) or ".0")[1:7].ljust(6, "0")
    value = datetime.datetime.fromisoformat(match.group(1) + "." + fraction + (match.group(3) or "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=datetime.timezone.utc)


def is_ec_key(pem):
    """True for an EC private key (PKCS#8 id-ecPublicKey, or SEC1 'EC PRIVATE KEY'), else RSA is assumed."""
    if b"-----BEGIN EC PRIVATE KEY-----" in pem:
        return True
    match = re.search(rb"-----BEGIN PRIVATE KEY-----(.*?)-----END PRIVATE KEY-----", pem, re.S)
    return bool(match) and bytes.fromhex("06072a8648ce3d0201") in base64.b64decode(b"".join(match.group(1).split()))


# --------------------------------------------------------------------------------------------
# Signing: zeep's BinarySignature, completed with a signed Timestamp and the Strict layout
# --------------------------------------------------------------------------------------------

class PolicySignature(BinarySignature):
    """zeep's BinarySignature with what the gateway's policy needs and zeep does not do by itself.

    - adds a wsu:Timestamp to the Security header *before* signing, so zeep signs it;
    - SHA-256 digests and RSA-SHA256, or ECDSA-SHA256 for an EC key (zeep's defaults are SHA-1);
    - reorders the header to Timestamp, BinarySecurityToken, Signature (sp:Strict: Timestamp first,
      token declared before the signature that uses it; zeep puts the Signature first);
    - verifies responses with the *gateway's* certificate (zeep's verify uses the client's own).
    """

    def __init__(self, key_file, cert_file, server_cert_file, payload):
        self.expected_payload = outline(payload)
        with open(key_file, "rb") as handle:
            method = xmlsec.Transform.ECDSA_SHA256 if is_ec_key(handle.read()) else xmlsec.Transform.RSA_SHA256
        super().__init__(key_file, cert_file, signature_method=method, digest_method=xmlsec.Transform.SHA256)
        with open(server_cert_file, "rb") as handle:
            self.server_cert_pem = handle.read()
        self.request_signature_value = None
        self.verified = None

    def apply(self, envelope, headers):
        # zeep re-serialises the document from its own types: check nothing was lost or changed.
        sent = envelope.find(".//{%s}%s" % (AO_NS, self.expected_payload[0][0].lstrip("/")))
        if sent is None or outline(sent) != self.expected_payload:
            raise ClientError("zeep did not serialise the payload faithfully (names, attributes or text differ)")
        security = get_security_header(envelope)
        soap_ns = etree.QName(envelope).namespace
        security.set("{%s}mustUnderstand" % soap_ns, "true" if soap_ns == SOAP12_NS else "1")
        created = utc_now()
        timestamp = etree.SubElement(security, "{%s}Timestamp" % WSU_NS,
                                     {"{%s}Id" % WSU_NS: "TS-" + str(uuid.uuid4())})
        etree.SubElement(timestamp, "{%s}Created" % WSU_NS).text = xs_datetime(created)
        etree.SubElement(timestamp, "{%s}Expires" % WSU_NS).text = xs_datetime(created + TIMESTAMP_TTL)

        envelope, headers = super().apply(envelope, headers)

        signature = security.find("{%s}Signature" % DS_NS)
        token = security.find("{%s}BinarySecurityToken" % WSSE_NS)
        for node in (timestamp, token, signature):
            security.remove(node)
        others = list(security)
        for node in others:
            security.remove(node)
        for node in [timestamp, token, signature] + others:
            security.append(node)
        self.request_signature_value = "".join(signature.findtext("{%s}SignatureValue" % DS_NS).split())
        return envelope, headers

    def verify(self, envelope):
        # zeep calls this before looking for a Fault: report the gateway's fault as such.
        fault = find_fault(envelope)
        if fault is not None:
            raise ClientError("the gateway answered with a SOAP fault: " + describe_fault(fault))
        self.verified = verify_response(envelope, self.server_cert_pem, self.request_signature_value)
        return envelope


def outline(element, path=""):
    """Element names, attributes and trimmed text, in document order: the content, not the prefixes."""
    if not isinstance(element.tag, str):
        return []
    path += "/" + etree.QName(element).localname
    result = [(path, etree.QName(element).namespace, tuple(sorted(element.attrib.items())),
               (element.text or "").strip())]
    for child in element:
        result += outline(child, path)
    return result


def find_fault(envelope):
    for soap_ns in (SOAP11_NS, SOAP12_NS):
        fault = envelope.find("{%s}Body/{%s}Fault" % (soap_ns, soap_ns))
        if fault is not None:
            return fault
    return None


def describe_fault(fault):
    texts = []
    for node in fault.iter():
        if isinstance(node.tag, str) and node.text and node.text.strip() and len(node) == 0:
            texts.append("%s=%s" % (etree.QName(node).localname, node.text.strip()))
    return "; ".join(texts)


# --------------------------------------------------------------------------------------------
# Response verification (the gateway's certificate, what is signed, SignatureConfirmation)
# --------------------------------------------------------------------------------------------

def only(elements, what):
    if len(elements) != 1:
        raise ClientError("expected exactly one %s, found %d" % (what, len(elements)))
    return elements[0]


def id_attributes(element):
    for name, value in element.attrib.items():
        qname = etree.QName(name)
        if (qname.namespace in (None, "") and qname.localname in ("Id", "ID", "id")) \
                or (qname.namespace == WSU_NS and qname.localname == "Id") \
                or (qname.namespace == XML_NS and qname.localname == "id"):
            yield name, value


def verify_response(envelope, server_cert_pem, request_signature_value):
    """Checks a signed response; returns a summary dict. Raises ClientError on any failure."""
    soap_ns = etree.QName(envelope).namespace
    if etree.QName(envelope).localname != "Envelope" or soap_ns not in (SOAP11_NS, SOAP12_NS):
        raise ClientError("the response is not a SOAP envelope")
    body = only([c for c in envelope if c.tag == "{%s}Body" % soap_ns], "SOAP Body under the Envelope")
    only(list(envelope.iter("{%s}Body" % SOAP11_NS, "{%s}Body" % SOAP12_NS)), "SOAP Body in the message")
    header = only([c for c in envelope if c.tag == "{%s}Header" % soap_ns], "SOAP Header")
    security = only([c for c in header if c.tag == "{%s}Security" % WSSE_NS], "wsse:Security header")
    signature = only([c for c in security if c.tag == "{%s}Signature" % DS_NS], "ds:Signature in Security")
    timestamp = only([c for c in security if c.tag == "{%s}Timestamp" % WSU_NS], "wsu:Timestamp in Security")

    # Every ID value must be unique: a reference must resolve to one element only.
    by_id = {}
    for element in envelope.iter():
        if not isinstance(element.tag, str):
            continue
        for _, value in id_attributes(element):
            if value in by_id:
                raise ClientError("duplicate ID %r in the response" % value)
            by_id[value] = element

    signed_info = only(signature.findall("{%s}SignedInfo" % DS_NS), "ds:SignedInfo")
    c14n = signed_info.find("{%s}CanonicalizationMethod" % DS_NS).get("Algorithm")
    method = signed_info.find("{%s}SignatureMethod" % DS_NS).get("Algorithm")
    if c14n not in EXC_C14N:
        raise ClientError("response signature canonicalization %s is not exclusive C14N" % c14n)
    if method not in STRONG_SIGNATURES:
        raise ClientError("response signature method %s is not RSA-SHA256 (or stronger)" % method)

    ctx = xmlsec.SignatureContext()
    signed = []
    for reference in signed_info.findall("{%s}Reference" % DS_NS):
        uri = reference.get("URI") or ""
        if not uri.startswith("#") or uri[1:] not in by_id:
            raise ClientError("response signature reference %r is not a same-document ID" % uri)
        digest = reference.find("{%s}DigestMethod" % DS_NS).get("Algorithm")
        if digest not in STRONG_DIGESTS:
            raise ClientError("response digest %s for %s is not SHA-256 (or stronger)" % (digest, uri))
        element = by_id[uri[1:]]
        for name, value in id_attributes(element):
            if value == uri[1:]:
                qname = etree.QName(name)
                ctx.register_id(element, qname.localname, qname.namespace)
        signed.append(element)

    if not any(element is body for element in signed):
        raise ClientError("the response's SOAP Body is not among the signed references")
    if not any(element is timestamp for element in signed):
        raise ClientError("the response's wsu:Timestamp is not among the signed references")

    ctx.key = xmlsec.Key.from_memory(server_cert_pem, xmlsec.KeyFormat.CERT_PEM, None)
    try:
        ctx.verify(signature)
    except xmlsec.Error as error:
        raise ClientError("the response signature does not verify with the gateway's certificate (%s)" % error)

    now = utc_now()
    created = timestamp.findtext("{%s}Created" % WSU_NS)
    expires = timestamp.findtext("{%s}Expires" % WSU_NS)
    if created is None or parse_xs_datetime(created) > now + CLOCK_SKEW:
        raise ClientError("response Timestamp Created %r missing or in the future" % created)
    if expires is not None and parse_xs_datetime(expires) < now - CLOCK_SKEW:
        raise ClientError("response Timestamp expired (%s)" % expires)

    confirmations = [c for c in security if c.tag == "{%s}SignatureConfirmation" % WSSE11_NS]
    if not confirmations:
        raise ClientError("no wsse11:SignatureConfirmation in the response")
    values = ["".join((c.get("Value") or "").split()) for c in confirmations]
    if request_signature_value is not None and request_signature_value not in values:
        raise ClientError("SignatureConfirmation does not carry this request's SignatureValue")
    if not all(any(element is c for element in signed) for c in confirmations):
        raise ClientError("wsse11:SignatureConfirmation is not signed")
    return {"references": len(signed), "method": method}


# --------------------------------------------------------------------------------------------
# Transport keeping the raw response bytes
# --------------------------------------------------------------------------------------------

class RecordingTransport(Transport):
    def __init__(self, timeout):
        super().__init__(timeout=timeout, operation_timeout=timeout)
        self.last_response = None

    def post(self, address, message, headers):
        response = super().post(address, message, headers)
        self.last_response = response
        return response


# --------------------------------------------------------------------------------------------

def read_payload(path, new_id):
    try:
        # Bytes, then fromstring: python-xmlsec replaces libxml2's I/O callbacks, after which lxml's
        # parse(filename) can fail in the same process.
        with open(path, "rb") as handle:
            root = etree.fromstring(handle.read(), secure_parser())
    except (OSError, etree.XMLSyntaxError) as error:
        raise ClientError("cannot read payload %s: %s" % (path, error))
    if root.tag not in OPERATIONS:
        raise ClientError("payload root %s is not ao:EnvoiSituations or ao:EnvoiFichesProjets" % root.tag)
    if new_id:
        node = root.find("{%s}EnTete/{%s}IdentifiantEnvoi" % (AO_NS, AO_NS))
        if node is None:
            raise ClientError("payload has no ao:EnTete/ao:IdentifiantEnvoi")
        node.text = str(uuid.uuid4())
    return root


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--address", required=True, help="gateway endpoint URL for the chosen binding")
    parser.add_argument("--soap", required=True, choices=["11", "12"], help="SOAP version / binding")
    parser.add_argument("--key", required=True, help="signing private key, PEM (PKCS#8, unencrypted)")
    parser.add_argument("--cert", required=True, help="signing certificate, PEM")
    parser.add_argument("--server-cert", required=True, help="gateway certificate, PEM (response check)")
    parser.add_argument("--payload", required=True, help="ao:EnvoiSituations (or ao:EnvoiFichesProjets) file")
    parser.add_argument("--out", required=True, help="where to save the raw response")
    parser.add_argument("--wsdl", help="WSDL location (default: <address>?wsdl; or the repository's "
                                       "wsdl/suivi-projets-v1.wsdl)")
    parser.add_argument("--new-id", action="store_true", help="replace IdentifiantEnvoi by a fresh UUID v4")
    parser.add_argument("--timeout", type=float, default=60, help="HTTP timeout in seconds (default 60)")
    args = parser.parse_args(argv)

    transport = RecordingTransport(args.timeout)
    try:
        payload = read_payload(args.payload, args.new_id)
        operation = OPERATIONS[payload.tag]
        wsse = PolicySignature(args.key, args.cert, args.server_cert, payload)
        client = zeep.Client(args.wsdl or args.address + "?wsdl", transport=transport, wsse=wsse,
                             settings=zeep.Settings(strict=True, forbid_dtd=True, forbid_entities=True))
        binding = "{%s}SuiviProjetsSoap%s" % (WSDL_NS, args.soap)
        service = client.create_service(binding, args.address)
        # The document goes through zeep's own type system (parsed with the WSDL's schema, then
        # serialised by zeep), as an application built on zeep would produce it.
        element = client.get_element(payload.tag)
        value = element.parse(payload, client.wsdl.types)
        local = etree.QName(payload).localname
        receipt = getattr(service, operation)(**{local: value})
        if receipt is None or not getattr(receipt, "IdentifiantEchange", None):
            raise ClientError("no AccuseReception/IdentifiantEchange in the response")
        if wsse.verified is None:
            raise ClientError("the response was not verified")
        sent_id = payload.findtext("{%s}EnTete/{%s}IdentifiantEnvoi" % (AO_NS, AO_NS))
        if receipt.IdentifiantEnvoi != sent_id:
            raise ClientError("receipt IdentifiantEnvoi %s differs from the one sent (%s)"
                              % (receipt.IdentifiantEnvoi, sent_id))
        save(transport, args.out)
        sys.stderr.write("client_zeep: %s over SOAP 1.%s accepted; response signature verified "
                         "(%d references, %s) with SignatureConfirmation\n"
                         % (operation, args.soap[1], wsse.verified["references"], wsse.verified["method"]))
        print(receipt.IdentifiantEchange)
        return 0
    except (ClientError, Fault, SignatureVerificationFailed, TransportError, xmlsec.Error,
            etree.XMLSyntaxError, OSError, ValueError, LookupError, TypeError) as error:
        save(transport, args.out)
        message = error.message if isinstance(error, Fault) else str(error)
        sys.stderr.write("client_zeep: FAILED: %s: %s\n" % (type(error).__name__, message))
        return 1
    except Exception as error:  # noqa: BLE001 - requests errors and anything unexpected
        save(transport, args.out)
        sys.stderr.write("client_zeep: FAILED: %s: %s\n" % (type(error).__name__, error))
        return 1


def save(transport, out):
    if transport.last_response is not None:
        with open(out, "wb") as handle:
            handle.write(transport.last_response.content)


if __name__ == "__main__":
    sys.exit(main())
