#!/usr/bin/env bash
# Checks a signed response of the gateway with independent tools: xmlsec1 verifies the signature with
# the gateway's certificate, and xmllint checks that the signature covers what it must (the real SOAP
# Body and the Timestamp of the Security header, plus a SignatureConfirmation) with unique IDs.
#
#   src/test/interop/verify_response.sh RESPONSE.xml [GATEWAY_CERT.pem]
#
# GATEWAY_CERT defaults to certs/dev/gateway.crt.pem of this repository. Exit status: 0 verified,
# 1 verification failed, 2 usage error or missing tool (Debian packages xmlsec1, libxml2-utils).
set -euo pipefail

repo="$(cd "$(dirname "$0")/../../.." && pwd)"

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 RESPONSE.xml [GATEWAY_CERT.pem]" >&2
  exit 2
fi
response="$1"
certificate="${2:-$repo/certs/dev/gateway.crt.pem}"
for tool in xmlsec1:xmlsec1 xmllint:libxml2-utils; do
  if ! command -v "${tool%%:*}" >/dev/null; then
    echo "verify_response: ${tool%%:*} not found (install the Debian package ${tool#*:})" >&2
    exit 2
  fi
done
for file in "$response" "$certificate"; do
  [ -r "$file" ] || { echo "verify_response: cannot read $file" >&2; exit 2; }
done

fail() {
  echo "verify_response: FAILED: $*" >&2
  exit 1
}

soap11=http://schemas.xmlsoap.org/soap/envelope/
soap12=http://www.w3.org/2003/05/soap-envelope
wsse=http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd
wsse11=http://docs.oasis-open.org/wss/oasis-wss-wssecurity-secext-1.1.xsd
wsu=http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd
ds=http://www.w3.org/2000/09/xmldsig#

# XPath 1.0 without prefixes (xmllint --xpath cannot bind them): element tests by namespace and name.
el() { echo "*[namespace-uri()='$1' and local-name()='$2']"; }
xpath() { xmllint --nonet --xpath "$1" "$response" 2>/dev/null || true; }

soap="$(xpath "namespace-uri(/*)")"
[ "$soap" = "$soap11" ] || [ "$soap" = "$soap12" ] || fail "not a SOAP 1.1 or 1.2 envelope"
[ "$(xpath "local-name(/*)")" = Envelope ] || fail "root element is not Envelope"
envelope="/$(el "$soap" Envelope)"
body="$envelope/$(el "$soap" Body)"
security="$envelope/$(el "$soap" Header)/$(el "$wsse" Security)"
signature="$security/$(el "$ds" Signature)"
timestamp="$security/$(el "$wsu" Timestamp)"
any_id="@*[(namespace-uri()='' and (local-name()='Id' or local-name()='ID' or local-name()='id')) or (namespace-uri()='$wsu' and local-name()='Id') or (namespace-uri()='http://www.w3.org/XML/1998/namespace' and local-name()='id')]"

[ "$(xpath "count($envelope/$(el "$soap" Body))")" = 1 ] || fail "not exactly one Body under the Envelope"
[ "$(xpath "count(//*[local-name()='Body' and (namespace-uri()='$soap11' or namespace-uri()='$soap12')])")" = 1 ] \
  || fail "more than one SOAP Body element in the message"
[ "$(xpath "count($envelope/$(el "$soap" Header)/$(el "$wsse" Security))")" = 1 ] || fail "not exactly one wsse:Security header"
[ "$(xpath "count(//$(el "$ds" Signature))")" = 1 ] || fail "not exactly one ds:Signature in the message"
[ "$(xpath "count($signature)")" = 1 ] || fail "the ds:Signature is not a child of the Security header"
[ "$(xpath "count($timestamp)")" = 1 ] || fail "not exactly one wsu:Timestamp in the Security header"

# IDs must be unique (a reference must not be able to resolve to a second, attacker-placed element).
duplicates="$(xpath "//$any_id" | sed -n 's/^ *[^=]*="\(.*\)"$/\1/p' | sort | uniq -d)"
[ -z "$duplicates" ] || fail "duplicate ID values: $duplicates"

# What is signed: every Reference is a same-document #ID, and the real Body and Timestamp are among them.
references="$signature/$(el "$ds" SignedInfo)/$(el "$ds" Reference)"
count="$(xpath "count($references)")"
[ "$(xpath "count($references[not(starts-with(@URI, '#'))])")" = 0 ] || fail "a Reference is not a same-document #ID"
body_id="$(xpath "string($body/$any_id)")"
timestamp_id="$(xpath "string($timestamp/$any_id)")"
[ -n "$body_id" ] || fail "the SOAP Body carries no ID, so it cannot be signed"
[ -n "$timestamp_id" ] || fail "the Timestamp carries no ID, so it cannot be signed"
[ "$(xpath "count($references[@URI = '#$body_id'])")" = 1 ] || fail "the SOAP Body is not among the signed references"
[ "$(xpath "count($references[@URI = '#$timestamp_id'])")" = 1 ] || fail "the Timestamp is not among the signed references"
for ((i = 1; i <= count; i++)); do
  id="$(xpath "substring(string(($references)[$i]/@URI), 2)")"
  [ "$(xpath "count(//*[$any_id = '$id'])")" = 1 ] || fail "reference #$id does not resolve to exactly one element"
done

# SignatureConfirmation (WS-Security 1.1; the policy's RequireSignatureConfirmation), itself signed.
confirmations="$security/$(el "$wsse11" SignatureConfirmation)"
[ "$(xpath "count($confirmations)")" -ge 1 ] || fail "no wsse11:SignatureConfirmation in the response"
for ((i = 1; i <= $(xpath "count($confirmations)"); i++)); do
  id="$(xpath "string(($confirmations)[$i]/$any_id)")"
  [ -n "$id" ] && [ "$(xpath "count($references[@URI = '#$id'])")" = 1 ] || fail "a SignatureConfirmation is not signed"
done

# Algorithms the contract promises: exclusive C14N, RSA-SHA256 (or stronger, or ECDSA), SHA-256+ digests.
signed_info="$signature/$(el "$ds" SignedInfo)"
c14n="$(xpath "string($signed_info/$(el "$ds" CanonicalizationMethod)/@Algorithm)")"
method="$(xpath "string($signed_info/$(el "$ds" SignatureMethod)/@Algorithm)")"
case "$c14n" in http://www.w3.org/2001/10/xml-exc-c14n#*) ;; *) fail "canonicalization $c14n" ;; esac
case "$method" in
  http://www.w3.org/2001/04/xmldsig-more#rsa-sha256|http://www.w3.org/2001/04/xmldsig-more#rsa-sha384|\
  http://www.w3.org/2001/04/xmldsig-more#rsa-sha512|http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha*) ;;
  *) fail "signature method $method" ;;
esac
weak="$(xpath "count($references/$(el "$ds" DigestMethod)[not(@Algorithm='http://www.w3.org/2001/04/xmlenc#sha256' or @Algorithm='http://www.w3.org/2001/04/xmldsig-more#sha384' or @Algorithm='http://www.w3.org/2001/04/xmlenc#sha512')])")"
[ "$weak" = 0 ] || fail "$weak reference(s) with a digest weaker than SHA-256"

# The signature itself, with the gateway's certificate only. xmlsec1 knows no wsu:Id: declare which
# elements carry an Id attribute (Body, Timestamp, and the signed SignatureConfirmation); only
# same-document references are enabled; the Signature to check is the one in the Security header.
if ! output="$(xmlsec1 --verify --pubkey-cert-pem "$certificate" \
    --id-attr:Id "$soap11:Body" \
    --id-attr:Id "$soap12:Body" \
    --id-attr:Id "$wsu:Timestamp" \
    --id-attr:Id "$wsse11:SignatureConfirmation" \
    --enabled-reference-uris same-doc \
    --node-xpath "/*[local-name()='Envelope']/*[local-name()='Header']/*[local-name()='Security']/*[local-name()='Signature']" \
    "$response" 2>&1)"; then
  echo "$output" | tail -n 5 >&2
  fail "xmlsec1 could not verify the signature with $certificate"
fi
echo "verify_response: OK: $response verified by xmlsec1 with $certificate ($count references incl. Body and Timestamp; SignatureConfirmation signed; $method)"
