<?xml version="1.0" encoding="UTF-8"?>
<!--
  Test double of the PMO: answers a deposit (pmo:depot-fiches or pmo:depot-situations) with the
  acknowledgement the PMO would send, accepting every item. A project keeps its PMO reference or gets
  PMO-2026-00000n (n = its position); a situation is answered with its as-of date; each item gets
  an observation in French and Arabic so the feedback's choice of language is exercised.
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:pmo="urn:ma:dgct:pmo:v1"
                exclude-result-prefixes="#all"
                expand-text="yes">

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:template match="/*">
    <pmo:accuse-depot>
      <pmo:identifiant-message>{pmo:entete/pmo:identifiant-message}</pmo:identifiant-message>
      <pmo:recu-le>2026-10-02T09:05:00Z</pmo:recu-le>
      <pmo:doublon>false</pmo:doublon>
      <xsl:apply-templates select="pmo:projet | pmo:suivi"/>
    </pmo:accuse-depot>
  </xsl:template>

  <xsl:template match="pmo:projet | pmo:suivi">
    <pmo:resultat decision="accepte" decide-le="2026-10-02T09:04:30Z">
      <xsl:copy-of select="@date-arrete"/>
      <xsl:copy-of select="pmo:reference-externe"/>
      <pmo:reference-pmo>{(pmo:reference-pmo, 'PMO-2026-' || format-number(position(), '000000'))[1]}</pmo:reference-pmo>
      <pmo:observation code="OBS-001" type="observation">
        <pmo:texte xml:lang="ar">ملاحظة</pmo:texte>
        <pmo:texte xml:lang="fr">Élément enregistré.</pmo:texte>
      </pmo:observation>
    </pmo:resultat>
  </xsl:template>

</xsl:stylesheet>
