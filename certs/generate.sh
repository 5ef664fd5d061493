#!/usr/bin/env bash
# =============================================================================
# certs/generate.sh - regenerates the DEVELOPMENT PKI of pmo-gateway.
#
#   DEVELOPMENT ONLY. Nothing produced here may ever be used in production.
#   All passwords are "dev-password"; private keys are committed unencrypted.
#
# Usage: certs/generate.sh            (from any directory, no arguments)
#
# Every run builds a complete new PKI in a private temporary directory and,
# only if everything succeeded, replaces certs/dev/ with it. Nothing is
# reused from a previous run (new keys, new serials, new fingerprints).
# Tools used: bash, openssl (3.x), keytool (Java 17), and mktemp, rm, mkdir,
# mv, cat, dirname. Every command is explained in certs/README.md.
# =============================================================================
set -euo pipefail

# -----------------------------------------------------------------------------
# Settings
# -----------------------------------------------------------------------------
readonly PASSWORD='dev-password'
readonly TRUST_ALIAS='pmo-gateway-dev-root'

CERTS_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
readonly CERTS_DIR
readonly OUT_DIR="$CERTS_DIR/dev"

# Scratch space (CA databases, CSRs, configs); always removed on exit.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/pmo-gateway-dev-pki.XXXXXX")
readonly WORK
trap 'rm -rf -- "$WORK"' EXIT
readonly STAGE="$WORK/dev"          # becomes certs/dev/ at the very end
mkdir -p -- "$STAGE"

# Hermetic OpenSSL: ignore the machine's /etc/ssl/openssl.cnf. Commands that
# need settings (req, ca) get an explicit -config written below.
export OPENSSL_CONF="$WORK/empty.cnf"
: > "$OPENSSL_CONF"

# All dates are computed and written in UTC.
export TZ=UTC

# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

# run CMD...: runs a command quietly; shows its output only if it fails.
run() {
    if ! "$@" > "$WORK/last.log" 2>&1; then
        echo "generate.sh: command failed: $*" >&2
        cat -- "$WORK/last.log" >&2
        return 1
    fi
}

# Validity windows (OpenSSL time format YYYYMMDDHHMMSSZ, UTC).
# "Good" certificates start at 00:00:00Z yesterday (tolerates clock skew and
# time zones) and last exactly N years. A Feb 29 start date is mapped to
# Mar 1 for the end date, which would otherwise not exist.
printf -v NOW '%(%s)T' -1
printf -v YESTERDAY '%(%Y%m%d)T' "$(( NOW - 86400 ))"
years_after_yesterday() {
    local year=${YESTERDAY:0:4} month_day=${YESTERDAY:4:4}
    [[ $month_day == 0229 ]] && month_day=0301
    printf '%s%s000000Z' "$(( year + $1 ))" "$month_day"
}
readonly START="${YESTERDAY}000000Z"
END_CA=$(years_after_yesterday 20)
END_EE=$(years_after_yesterday 10)
readonly END_CA END_EE

# Configuration used by "openssl req" to build certificate signing requests.
# The subject always comes from -subj; extensions come from the CA profiles.
readonly REQ_CNF="$WORK/req.cnf"
cat > "$REQ_CNF" <<'EOF'
[req]
distinguished_name = req_dn
prompt             = no
string_mask        = utf8only
utf8               = yes

[req_dn]
EOF

# init_ca_db CA_NAME: creates the "openssl ca" database and configuration of
# a CA in $WORK/CA_NAME/ (index, newcerts, CRL number, certificate profiles).
init_ca_db() {
    local ca=$1 db="$WORK/$1"
    mkdir -p -- "$db/newcerts"
    : > "$db/index.txt"
    echo 01 > "$db/crlnumber"
    cat > "$db/ca.cnf" <<EOF
[ca]
default_ca = dev_ca

[dev_ca]
dir              = $db
database         = \$dir/index.txt
new_certs_dir    = \$dir/newcerts
crlnumber        = \$dir/crlnumber
certificate      = $STAGE/$ca.crt.pem
private_key      = $STAGE/$ca.key.pem
rand_serial      = yes
unique_subject   = no
preserve         = yes
email_in_dn      = no
copy_extensions  = none
default_md       = sha256
default_days     = 3650
default_crl_days = 3650
policy           = policy_permissive
crl_extensions   = crl_ext

# Any subject is accepted and kept exactly as requested (preserve = yes).
[policy_permissive]
countryName            = optional
stateOrProvinceName    = optional
localityName           = optional
organizationName       = optional
organizationalUnitName = optional
commonName             = supplied

[crl_ext]
authorityKeyIdentifier = keyid:always

# ---- certificate profiles (selected with -extensions) ----
[ext_ca]
basicConstraints       = critical, CA:true
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

# gateway and PMO intake service: TLS server and client, message signing.
[ext_server]
basicConstraints       = CA:false
keyUsage               = critical, digitalSignature, nonRepudiation, keyEncipherment
extendedKeyUsage       = serverAuth, clientAuth
subjectAltName         = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

# Al Omrane senders: TLS client authentication and message signing.
[ext_sender]
basicConstraints       = CA:false
keyUsage               = critical, digitalSignature, nonRepudiation
extendedKeyUsage       = clientAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

# Deliberately wrong: a sender certificate that may not sign anything.
[ext_sender_bad_keyusage]
basicConstraints       = CA:false
keyUsage               = critical, keyEncipherment
extendedKeyUsage       = clientAuth
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
EOF
}

# new_key NAME KEYSPEC: unencrypted PKCS#8 private key NAME.key.pem.
# KEYSPEC is rsa:BITS or ec:CURVE.
new_key() {
    local name=$1 spec=$2 key="$STAGE/$1.key.pem"
    case $spec in
        rsa:*) run openssl genpkey -algorithm RSA \
                   -pkeyopt "rsa_keygen_bits:${spec#rsa:}" -out "$key" ;;
        ec:*)  run openssl genpkey -algorithm EC \
                   -pkeyopt "ec_paramgen_curve:${spec#ec:}" \
                   -pkeyopt ec_param_enc:named_curve -out "$key" ;;
        *)     echo "generate.sh: unknown key spec '$spec'" >&2; return 1 ;;
    esac
}

# new_csr NAME SUBJECT: certificate signing request for NAME's key.
new_csr() {
    run openssl req -new -config "$REQ_CNF" -key "$STAGE/$1.key.pem" \
        -subj "$2" -out "$WORK/$1.csr.pem"
}

# sign NAME ISSUER PROFILE START END DIGEST: ISSUER signs NAME's request.
# ISSUER == NAME means self-signed (a root CA).
sign() {
    local name=$1 issuer=$2 profile=$3 start=$4 end=$5 md=$6 selfsign=()
    [[ $name == "$issuer" ]] && selfsign=(-selfsign)
    run openssl ca -batch -notext -config "$WORK/$issuer/ca.cnf" \
        "${selfsign[@]}" -keyfile "$STAGE/$issuer.key.pem" \
        -extensions "$profile" -startdate "$start" -enddate "$end" \
        -md "$md" -in "$WORK/$name.csr.pem" -out "$STAGE/$name.crt.pem"
}

# package NAME ISSUER: NAME.chain.pem and NAME.p12 (key + leaf + issuer).
package() {
    local name=$1 issuer=$2
    if [[ $name == "$issuer" ]]; then
        cat -- "$STAGE/$name.crt.pem" > "$STAGE/$name.chain.pem"
    else
        cat -- "$STAGE/$name.crt.pem" "$STAGE/$issuer.crt.pem" \
            > "$STAGE/$name.chain.pem"
    fi
    run openssl pkcs12 -export -name "$name" \
        -inkey "$STAGE/$name.key.pem" -in "$STAGE/$name.chain.pem" \
        -certpbe AES-256-CBC -keypbe AES-256-CBC -macalg sha256 \
        -passout "pass:$PASSWORD" -out "$STAGE/$name.p12"
}

# create_ca NAME SUBJECT: self-signed RSA 4096 / SHA-256 root, 20 years.
create_ca() {
    local name=$1 subject=$2
    init_ca_db "$name"
    new_key "$name" rsa:4096
    new_csr "$name" "$subject"
    sign "$name" "$name" ext_ca "$START" "$END_CA" sha256
    package "$name" "$name"
    echo "  CA   $name"
}

# issue NAME ISSUER KEYSPEC PROFILE SUBJECT [START END DIGEST]:
# end-entity identity; defaults are "valid 10 years from yesterday, SHA-256".
END_ENTITIES=()
issue() {
    local name=$1 issuer=$2 spec=$3 profile=$4 subject=$5
    local start=${6:-$START} end=${7:-$END_EE} md=${8:-sha256}
    new_key "$name" "$spec"
    new_csr "$name" "$subject"
    sign "$name" "$issuer" "$profile" "$start" "$end" "$md"
    package "$name" "$issuer"
    END_ENTITIES+=("$name")
    echo "  EE   $name (issuer $issuer, $spec, $profile, $md, $start..$end)"
}

# issue_bad NAME ISSUER KEYSPEC PROFILE [START END DIGEST]: deliberately
# defective sender identity, with a subject that names the defect.
issue_bad() {
    local name=$1; shift 1
    issue "$name" "$1" "$2" "$3" \
        "/C=MA/O=pmo-gateway (developpement uniquement)/OU=Identite defectueuse (tests de securite)/CN=$name" \
        "${@:4}"
}

# revoke NAME ISSUER: marks NAME revoked in ISSUER's database.
revoke() {
    run openssl ca -batch -config "$WORK/$2/ca.cnf" \
        -keyfile "$STAGE/$2.key.pem" -cert "$STAGE/$2.crt.pem" \
        -revoke "$STAGE/$1.crt.pem" -crl_reason keyCompromise
    echo "  REV  $1 (revoked by $2, reason keyCompromise)"
}

# publish_crl CA: CA.crl.pem and CA.crl (DER), next update in 3650 days.
publish_crl() {
    run openssl ca -batch -gencrl -config "$WORK/$1/ca.cnf" \
        -keyfile "$STAGE/$1.key.pem" -cert "$STAGE/$1.crt.pem" \
        -crldays 3650 -md sha256 -out "$STAGE/$1.crl.pem"
    run openssl crl -in "$STAGE/$1.crl.pem" -outform DER -out "$STAGE/$1.crl"
    echo "  CRL  $1.crl.pem, $1.crl"
}

# make_truststore CA: truststore.p12 with CA as the only trusted entry.
make_truststore() {
    run keytool -importcert -noprompt -alias "$TRUST_ALIAS" \
        -file "$STAGE/$1.crt.pem" -keystore "$STAGE/truststore.p12" \
        -storetype PKCS12 -storepass "$PASSWORD"
    echo "  TRUST truststore.p12 ($TRUST_ALIAS = $1)"
}

# csv_quote VALUE: VALUE as a quoted CSV field.
csv_quote() { printf '"%s"' "${1//\"/\"\"}"; }

# write_fingerprints NAME...: fingerprints.csv for the given identities.
write_fingerprints() {
    local csv="$STAGE/fingerprints.csv" name line subject issuer serial sha256
    echo 'name,subject,issuer,serial_hex,sha256' > "$csv"
    for name in "$@"; do
        subject='' issuer='' serial='' sha256=''
        while IFS= read -r line; do
            case $line in
                subject=*)  subject=${line#subject=} ;;
                issuer=*)   issuer=${line#issuer=} ;;
                serial=*)   serial=${line#serial=} ;;
                *Fingerprint=*) sha256=${line#*Fingerprint=}; sha256=${sha256//:/} ;;
            esac
        done < <(openssl x509 -in "$STAGE/$name.crt.pem" -noout -nameopt RFC2253 \
                     -subject -issuer -serial -fingerprint -sha256)
        [[ -n $subject && -n $issuer && -n $serial && -n $sha256 ]] || {
            echo "generate.sh: could not read $name.crt.pem" >&2; return 1; }
        printf '%s,%s,%s,%s,%s\n' "$name" "$(csv_quote "$subject")" \
            "$(csv_quote "$issuer")" "$serial" "${sha256^^}" >> "$csv"
    done
    echo "  CSV  fingerprints.csv ($# identities)"
}

# -----------------------------------------------------------------------------
# The PKI
# -----------------------------------------------------------------------------
echo "Generating development PKI (validity start $START) ..."

# Certification authorities
create_ca ca       "/C=MA/O=pmo-gateway (developpement uniquement)/CN=PMO Gateway Development Root CA"
create_ca rogue-ca "/C=MA/O=Autorite non reconnue (developpement uniquement)/CN=PMO Gateway Rogue CA - NOT TRUSTED"

# Good identities
issue gateway  ca rsa:3072 ext_server "/C=MA/O=pmo-gateway/OU=Passerelle/CN=pmo-gateway"
issue pmo      ca rsa:3072 ext_server "/C=MA/O=DGCT/OU=Plateforme PMO/CN=PMO DGCT"
issue ao-siege ca rsa:3072 ext_sender "/C=MA/L=Rabat/O=Holding Al Omrane/OU=Systeme d'information/CN=AO-SIEGE"
issue ao-cs    ca rsa:2048 ext_sender "/C=MA/L=Casablanca/O=Al Omrane Casablanca-Settat/CN=AO-CS"
issue ao-rsk   ca rsa:2048 ext_sender "/C=MA/L=Rabat/O=Al Omrane Rabat-Sale-Kenitra/CN=AO-RSK"
issue ao-ms    ca ec:P-256 ext_sender "/C=MA/L=Marrakech/O=Al Omrane Marrakech-Safi/CN=AO-MS"

# Deliberately bad identities (for the security tests)
issue_bad bad-expired       ca       rsa:2048 ext_sender 20200101000000Z 20210101000000Z
issue_bad bad-not-yet-valid ca       rsa:2048 ext_sender 20990101000000Z 21090101000000Z
issue_bad bad-revoked       ca       rsa:2048 ext_sender
issue_bad bad-untrusted     rogue-ca rsa:2048 ext_sender
issue_bad bad-rsa1024       ca       rsa:1024 ext_sender
issue_bad bad-sha1          ca       rsa:2048 ext_sender "$START" "$END_EE" sha1
issue_bad bad-keyusage      ca       rsa:2048 ext_sender_bad_keyusage

# Revocation list, trust store, thumbprint registry
revoke bad-revoked ca
publish_crl ca
make_truststore ca
write_fingerprints "${END_ENTITIES[@]}"

# openssl creates key files as 0600; make the regenerated tree look like a
# fresh git checkout (0644; these files are public, committed test material).
chmod -R u=rwX,go=rX -- "$STAGE"

# Replace certs/dev/ only now that everything succeeded.
rm -rf -- "$OUT_DIR"
mv -- "$STAGE" "$OUT_DIR"
echo "Done: $OUT_DIR"
