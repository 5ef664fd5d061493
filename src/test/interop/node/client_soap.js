#!/usr/bin/env node
/*
 * Independent WS-Security client of the pmo-gateway, built on the npm package `soap` (WSSecurityCert)
 * and xml-crypto.
 *
 * Sends an Al Omrane document (ao:EnvoiSituations -> SoumettreSituations; ao:EnvoiFichesProjets ->
 * SoumettreProjets) over the SOAP 1.2 or SOAP 1.1 binding, signed as the WSDL's policy requires:
 * X.509 BinarySecurityToken, signed wsu:Timestamp and Body, SHA-256 digests, RSA-SHA256, exclusive
 * C14N, header order BinarySecurityToken, Timestamp, Signature. The `soap` package does not check
 * response signatures, so this client does it with xml-crypto: signature valid under the gateway's
 * certificate (never a certificate taken from the message), the real Body and Timestamp among the
 * signed references, unique IDs, strong algorithms, and a signed wsse11:SignatureConfirmation
 * carrying this request's SignatureValue.
 *
 * On success prints the receipt's IdentifiantEchange (one line on stdout) and exits 0. Any failure:
 * message on stderr, exit 1 (2 for bad arguments). The raw response is written to --out whenever one
 * arrived, so that xmlsec1 (verify_response.sh) can check it independently.
 *
 *   node client_soap.js --address URL --soap 11|12 --key KEY.pem --cert CERT.pem \
 *        --server-cert GATEWAY.pem --payload FILE.xml --out RESPONSE.xml [--wsdl LOCATION] [--new-id]
 *
 * See docs/INTEROP.md.
 */
'use strict';

const crypto = require('crypto');
const fs = require('fs');

// soap 1.13's WSSecurityCert calls getOriginalXmlWithIds(), which xml-crypto 6.3 deprecates: hide
// that one warning (it concerns the package, not this client); every other warning stays visible.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
  const code = typeof rest[0] === 'object' && rest[0] !== null ? rest[0].code : rest[1];
  if (code !== 'XML_CRYPTO_GET_ORIGINAL_XML_WITH_IDS') {
    emitWarning(warning, ...rest);
  }
};

function requireOrExplain(name) {
  try {
    return require(name);
  } catch (error) {
    process.stderr.write(`client_soap: cannot load the npm module ${name} (${error.code || error.message}); ` +
      `run "npm ci --prefix src/test/interop/node" first\n`);
    process.exit(1);
  }
}
const soap = requireOrExplain('soap');
const { SignedXml } = requireOrExplain('xml-crypto');
const { DOMParser, XMLSerializer } = requireOrExplain('@xmldom/xmldom');

const NS = {
  soap11: 'http://schemas.xmlsoap.org/soap/envelope/',
  soap12: 'http://www.w3.org/2003/05/soap-envelope',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsse11: 'http://docs.oasis-open.org/wss/oasis-wss-wssecurity-secext-1.1.xsd',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  xml: 'http://www.w3.org/XML/1998/namespace',
  ao: 'urn:ma:alomrane:suivi-projets:v1',
  svc: 'urn:ma:alomrane:suivi-projets:service:v1',
};
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const STRONG_SIGNATURES = new Set([
  RSA_SHA256,
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256',
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384',
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512',
]);
const STRONG_DIGESTS = new Set([SHA256, 'http://www.w3.org/2001/04/xmldsig-more#sha384',
  'http://www.w3.org/2001/04/xmlenc#sha512']);
const OPERATIONS = { EnvoiSituations: 'SoumettreSituations', EnvoiFichesProjets: 'SoumettreProjets' };
const CLOCK_SKEW_MS = 60 * 1000;

class ClientError extends Error {}

// ---------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------

function usage(message) {
  process.stderr.write(`client_soap: ${message}\nusage: node client_soap.js --address URL --soap 11|12 ` +
    '--key KEY.pem --cert CERT.pem --server-cert GATEWAY.pem --payload FILE.xml --out RESPONSE.xml ' +
    '[--wsdl LOCATION] [--new-id] [--timeout SECONDS]\n');
  process.exit(2);
}

function parseArguments(argv) {
  const options = { newId: false, timeout: 60 };
  const names = { '--address': 'address', '--soap': 'soap', '--key': 'key', '--cert': 'cert',
    '--server-cert': 'serverCert', '--payload': 'payload', '--out': 'out', '--wsdl': 'wsdl',
    '--timeout': 'timeout' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--new-id') {
      options.newId = true;
    } else if (arg === '--help' || arg === '-h') {
      usage('help');
    } else if (names[arg] && i + 1 < argv.length) {
      options[names[arg]] = argv[++i];
    } else {
      usage(`unexpected argument ${arg}`);
    }
  }
  for (const required of ['address', 'soap', 'key', 'cert', 'serverCert', 'payload', 'out']) {
    if (!options[required]) {
      usage(`missing --${required.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`);
    }
  }
  if (options.soap !== '11' && options.soap !== '12') {
    usage('--soap must be 11 or 12');
  }
  options.timeout = Number(options.timeout);
  return options;
}

// ---------------------------------------------------------------------------------------------
// XML helpers (xmldom, errors are fatal)
// ---------------------------------------------------------------------------------------------

function parseXml(text, what) {
  const problems = [];
  const report = (level) => (message) => problems.push(`${level}: ${message}`);
  const doc = new DOMParser({
    errorHandler: { warning: () => {}, error: report('error'), fatalError: report('fatal') },
  }).parseFromString(text, 'text/xml');
  if (problems.length > 0 || !doc || !doc.documentElement) {
    throw new ClientError(`${what} is not well-formed XML (${problems.join('; ')})`);
  }
  if (doc.doctype) {
    throw new ClientError(`${what} has a DOCTYPE, refused`);
  }
  return doc;
}

function childElements(node, ns, localName) {
  const result = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 1 && child.namespaceURI === ns && child.localName === localName) {
      result.push(child);
    }
  }
  return result;
}

function allElements(root) {
  const result = [];
  const pending = [root];
  while (pending.length > 0) {
    const element = pending.pop();
    result.push(element);
    for (let child = element.lastChild; child; child = child.previousSibling) {
      if (child.nodeType === 1) {
        pending.push(child);
      }
    }
  }
  return result;
}

function only(elements, what) {
  if (elements.length !== 1) {
    throw new ClientError(`expected exactly one ${what}, found ${elements.length}`);
  }
  return elements[0];
}

/** The attributes an XML Signature reference can resolve, as the verifiers do (Id, ID, id, wsu:Id, xml:id). */
function idValues(element) {
  const values = [];
  for (let i = 0; i < element.attributes.length; i++) {
    const attribute = element.attributes[i];
    const local = attribute.localName || attribute.name;
    if (['Id', 'ID', 'id'].includes(local)) {
      values.push(attribute.value);
    }
  }
  return values;
}

function textOf(element, ns, localName) {
  const found = childElements(element, ns, localName);
  return found.length === 1 ? found[0].textContent.trim() : null;
}

// ---------------------------------------------------------------------------------------------
// Payload
// ---------------------------------------------------------------------------------------------

function readPayload(file, newId) {
  const doc = parseXml(fs.readFileSync(file, 'utf8'), `payload ${file}`);
  const root = doc.documentElement;
  if (root.namespaceURI !== NS.ao || !OPERATIONS[root.localName]) {
    throw new ClientError(`payload root {${root.namespaceURI}}${root.localName} is not ao:EnvoiSituations ` +
      'or ao:EnvoiFichesProjets');
  }
  const header = only(childElements(root, NS.ao, 'EnTete'), 'ao:EnTete');
  const idElement = only(childElements(header, NS.ao, 'IdentifiantEnvoi'), 'ao:IdentifiantEnvoi');
  if (newId) {
    idElement.textContent = crypto.randomUUID();
  }
  // The element alone (no XML declaration, no comments outside it), inside the operation's wrapper:
  // with {_xml} the `soap` package puts this text as is into the Body.
  const xml = new XMLSerializer().serializeToString(root);
  const operation = OPERATIONS[root.localName];
  return {
    operation,
    identifiantEnvoi: idElement.textContent.trim(),
    body: `<svc:${operation} xmlns:svc="${NS.svc}">${xml}</svc:${operation}>`,
  };
}

// ---------------------------------------------------------------------------------------------
// Response verification
// ---------------------------------------------------------------------------------------------

function requestSignatureValue(requestXml) {
  const doc = parseXml(requestXml, 'the request sent');
  const values = doc.getElementsByTagNameNS(NS.ds, 'SignatureValue');
  return values.length === 1 ? values[0].textContent.replace(/\s+/g, '') : null;
}

function verifyResponse(responseXml, serverCertPem, sentSignatureValue) {
  const doc = parseXml(responseXml, 'the response');
  const envelope = doc.documentElement;
  const soapNs = envelope.namespaceURI;
  if (envelope.localName !== 'Envelope' || (soapNs !== NS.soap11 && soapNs !== NS.soap12)) {
    throw new ClientError('the response is not a SOAP envelope');
  }
  const body = only(childElements(envelope, soapNs, 'Body'), 'SOAP Body under the Envelope');
  const bodies = allElements(envelope).filter((e) => e.localName === 'Body'
    && (e.namespaceURI === NS.soap11 || e.namespaceURI === NS.soap12));
  only(bodies, 'SOAP Body in the message');
  const fault = childElements(body, soapNs, 'Fault');
  if (fault.length > 0) {
    throw new ClientError(`the gateway answered with a SOAP fault: ${describeFault(fault[0])}`);
  }
  const header = only(childElements(envelope, soapNs, 'Header'), 'SOAP Header');
  const security = only(childElements(header, NS.wsse, 'Security'), 'wsse:Security header');
  const signatureNode = only(childElements(security, NS.ds, 'Signature'), 'ds:Signature in Security');
  only(Array.from(doc.getElementsByTagNameNS(NS.ds, 'Signature')), 'ds:Signature in the message');
  const timestamp = only(childElements(security, NS.wsu, 'Timestamp'), 'wsu:Timestamp in Security');

  // Unique IDs: a reference must resolve to one element only.
  const byId = new Map();
  for (const element of allElements(envelope)) {
    for (const value of idValues(element)) {
      if (byId.has(value)) {
        throw new ClientError(`duplicate ID ${value} in the response`);
      }
      byId.set(value, element);
    }
  }

  const verifier = new SignedXml({
    publicCert: serverCertPem,          // the gateway's certificate, given by the caller
    getCertFromKeyInfo: () => null,     // never a key found in the message
  });
  verifier.loadSignature(signatureNode);
  if (!verifier.canonicalizationAlgorithm || !verifier.canonicalizationAlgorithm.startsWith(EXC_C14N)) {
    throw new ClientError(`response canonicalization ${verifier.canonicalizationAlgorithm} is not exclusive C14N`);
  }
  if (!STRONG_SIGNATURES.has(verifier.signatureAlgorithm)) {
    throw new ClientError(`response signature method ${verifier.signatureAlgorithm} is not RSA-SHA256 or stronger`);
  }
  let valid;
  try {
    valid = verifier.checkSignature(responseXml);
  } catch (error) {
    throw new ClientError(`the response signature does not verify with the gateway's certificate: ${error.message}`);
  }
  if (valid !== true) {
    const reasons = verifier.getReferences().map((r) => r.validationError && r.validationError.message)
      .filter(Boolean);
    throw new ClientError(`the response signature does not verify: ${reasons.join('; ') || 'invalid'}`);
  }

  const signed = [];
  for (const reference of verifier.getReferences()) {
    const uri = reference.uri || '';
    if (!uri.startsWith('#') || !byId.has(uri.substring(1))) {
      throw new ClientError(`response signature reference "${uri}" is not a same-document ID`);
    }
    if (!STRONG_DIGESTS.has(reference.digestAlgorithm)) {
      throw new ClientError(`response digest ${reference.digestAlgorithm} for ${uri} is not SHA-256 or stronger`);
    }
    signed.push(byId.get(uri.substring(1)));
  }
  if (!signed.includes(body)) {
    throw new ClientError("the response's SOAP Body is not among the signed references");
  }
  if (!signed.includes(timestamp)) {
    throw new ClientError("the response's wsu:Timestamp is not among the signed references");
  }

  const now = Date.now();
  const created = Date.parse(textOf(timestamp, NS.wsu, 'Created'));
  const expiresText = textOf(timestamp, NS.wsu, 'Expires');
  if (Number.isNaN(created) || created > now + CLOCK_SKEW_MS) {
    throw new ClientError('response Timestamp Created missing or in the future');
  }
  if (expiresText !== null && Date.parse(expiresText) < now - CLOCK_SKEW_MS) {
    throw new ClientError(`response Timestamp expired (${expiresText})`);
  }

  const confirmations = childElements(security, NS.wsse11, 'SignatureConfirmation');
  if (confirmations.length === 0) {
    throw new ClientError('no wsse11:SignatureConfirmation in the response');
  }
  const values = confirmations.map((c) => (c.getAttribute('Value') || '').replace(/\s+/g, ''));
  if (sentSignatureValue && !values.includes(sentSignatureValue)) {
    throw new ClientError("SignatureConfirmation does not carry this request's SignatureValue");
  }
  if (!confirmations.every((c) => signed.includes(c))) {
    throw new ClientError('wsse11:SignatureConfirmation is not signed');
  }
  return { references: signed.length, method: verifier.signatureAlgorithm, body };
}

function describeFault(fault) {
  const parts = [];
  for (const element of allElements(fault)) {
    let hasChild = false;
    for (let c = element.firstChild; c; c = c.nextSibling) {
      hasChild = hasChild || c.nodeType === 1;
    }
    if (!hasChild && element.textContent.trim()) {
      parts.push(`${element.localName}=${element.textContent.trim()}`);
    }
  }
  return parts.join('; ');
}

function receiptOf(body, operation) {
  const wrapper = only(childElements(body, NS.svc, `${operation}Reponse`), `svc:${operation}Reponse`);
  const cm = 'urn:ma:pmo-gateway:commun:v1';
  const receipt = only(childElements(wrapper, cm, 'AccuseReception'), 'cm:AccuseReception');
  return {
    identifiantEchange: textOf(receipt, cm, 'IdentifiantEchange'),
    identifiantEnvoi: textOf(receipt, cm, 'IdentifiantEnvoi'),
  };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const options = parseArguments(process.argv.slice(2));
  let client = null;
  const save = (text) => {
    if (typeof text === 'string' && text.length > 0) {
      fs.writeFileSync(options.out, text, 'utf8');
    }
  };
  try {
    const payload = readPayload(options.payload, options.newId);
    const keyPem = fs.readFileSync(options.key, 'utf8');
    const certPem = fs.readFileSync(options.cert, 'utf8');
    const serverCertPem = fs.readFileSync(options.serverCert, 'utf8');

    client = await soap.createClientAsync(options.wsdl || `${options.address}?wsdl`, {
      forceSoap12Headers: options.soap === '12',   // the package does not take this from the binding
      wsdl_options: { timeout: options.timeout * 1000 },
    });
    client.setEndpoint(options.address);
    client.setSecurity(new soap.WSSecurityCert(keyPem, certPem, '', {
      signatureAlgorithm: RSA_SHA256,
      digestAlgorithm: SHA256,
      hasTimeStamp: true,
      // Only exclusive C14N as reference transform: the gateway refuses the package's default
      // enveloped-signature transform on the Timestamp (see docs/INTEROP.md).
      signatureTransformations: [EXC_C14N],
      // wsu:Id (not a bare Id attribute) on the signed Body and Timestamp.
      signerOptions: { idMode: 'wssecurity' },
    }));

    const port = `PasserelleSuiviProjetsSoap${options.soap}`;
    const service = client.PasserelleSuiviProjets;
    const method = service && service[port] && service[port][payload.operation];
    if (typeof method !== 'function') {
      throw new ClientError(`the WSDL offers no port ${port} with operation ${payload.operation}`);
    }
    let rawResponse;
    try {
      rawResponse = await new Promise((resolve, reject) => {
        method({ _xml: payload.body }, (error, result, raw) => (error ? reject(error) : resolve(raw)),
          { timeout: options.timeout * 1000 });
      });
    } catch (error) {
      const data = error.response && error.response.data;
      save(typeof data === 'string' ? data : client.lastResponse);
      if (typeof data === 'string' && data.includes('Fault')) {
        let detail = data;
        try {
          const doc = parseXml(data, 'the fault');
          const faults = allElements(doc.documentElement).filter((e) => e.localName === 'Fault');
          detail = faults.length > 0 ? describeFault(faults[0]) : data;
        } catch (ignored) {
          // keep the raw text
        }
        throw new ClientError(`the gateway answered with a SOAP fault (HTTP ${error.response.status}): ${detail}`);
      }
      throw new ClientError(`request failed: ${error.message}`);
    }
    save(rawResponse);
    const verified = verifyResponse(rawResponse, serverCertPem, requestSignatureValue(client.lastRequest));
    const receipt = receiptOf(verified.body, payload.operation);
    if (!receipt.identifiantEchange) {
      throw new ClientError('no AccuseReception/IdentifiantEchange in the response');
    }
    if (receipt.identifiantEnvoi !== payload.identifiantEnvoi) {
      throw new ClientError(`receipt IdentifiantEnvoi ${receipt.identifiantEnvoi} differs from the one sent ` +
        `(${payload.identifiantEnvoi})`);
    }
    process.stderr.write(`client_soap: ${payload.operation} over SOAP 1.${options.soap[1]} accepted; response ` +
      `signature verified (${verified.references} references, ${verified.method}) with SignatureConfirmation\n`);
    process.stdout.write(`${receipt.identifiantEchange}\n`);
    return 0;
  } catch (error) {
    if (client && client.lastResponse && !fs.existsSync(options.out)) {
      save(client.lastResponse);
    }
    process.stderr.write(`client_soap: FAILED: ${error instanceof ClientError ? '' : error.name + ': '}${error.message}\n`);
    return 1;
  }
}

main().then((code) => { process.exitCode = code; }, (error) => {
  process.stderr.write(`client_soap: FAILED: ${error.stack || error}\n`);
  process.exitCode = 1;
});
