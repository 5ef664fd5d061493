<?xml version="1.0" encoding="UTF-8"?>
<!--
  Transformation PMO → Al Omrane: the PMO's acknowledgement (pmo:accuse-depot) → one
  ao:RetourPMO per result, as RecupererRetours returns them to Al Omrane.

  Input:  pmo:accuse-depot, valid against xsd/pmo/pmo-v1.xsd (checked by the caller).
  Output: a sequence of ao:RetourPMO elements, each valid on its own against
          xsd/ao/suivi-projets-v1.xsd (checked by the gateway before they are kept).

  Not carried over, because the AO format has no place for them: the acknowledgement's own
  message id, reception time and duplicate flag (they stay in the journal), and the Arabic and
  English texts of an observation when a French one exists. See docs/MAPPING.md.
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:ao="urn:ma:alomrane:suivi-projets:v1"
                xmlns:pmo="urn:ma:dgct:pmo:v1"
                exclude-result-prefixes="#all"
                expand-text="yes">

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <!-- The gateway exchange that carried the items this acknowledgement answers. -->
  <xsl:param name="echange" as="xs:string" required="yes"/>

  <!-- Spellings of the PMO enumerations in the AO format (fixed by the two XSDs). -->
  <xsl:variable name="decisions" as="map(xs:string, xs:string)"
                select="map { 'accepte': 'ACCEPTE', 'rejete': 'REJETE' }"/>
  <xsl:variable name="natures-observation" as="map(xs:string, xs:string)"
                select="map { 'observation': 'OBSERVATION', 'alerte': 'ALERTE', 'motif-rejet': 'MOTIF_REJET' }"/>

  <xsl:mode on-no-match="fail"/>

  <xsl:template match="/">
    <xsl:apply-templates select="pmo:accuse-depot/pmo:resultat"/>
  </xsl:template>

  <!--
    resultat → RetourPMO. The PMO answers a situation with its as-of date (@date-arrete) and a
    project record without one: that is how the nature of the item is known.
  -->
  <xsl:template match="pmo:resultat">
    <ao:RetourPMO>
      <ao:IdentifiantEchange>{$echange}</ao:IdentifiantEchange>
      <ao:CodeProjet>{normalize-space(pmo:reference-externe)}</ao:CodeProjet>
      <ao:Nature>{if (exists(@date-arrete)) then 'SITUATION' else 'FICHE_PROJET'}</ao:Nature>
      <xsl:if test="exists(@date-arrete)">
        <ao:DateArrete>{normalize-space(@date-arrete)}</ao:DateArrete>
      </xsl:if>
      <ao:Decision>{$decisions(normalize-space(@decision))}</ao:Decision>
      <xsl:apply-templates select="pmo:reference-pmo"/>
      <ao:DateDecision>{normalize-space(@decide-le)}</ao:DateDecision>
      <xsl:apply-templates select="pmo:observation"/>
    </ao:RetourPMO>
  </xsl:template>

  <xsl:template match="pmo:reference-pmo">
    <ao:ReferencePMO>{normalize-space(.)}</ao:ReferencePMO>
  </xsl:template>

  <!-- observation → Observation: its kind, its code, and its French text (else its first text). -->
  <xsl:template match="pmo:observation">
    <ao:Observation nature="{$natures-observation(normalize-space(@type))}">
      <ao:Code>{normalize-space(@code)}</ao:Code>
      <ao:Texte>{(pmo:texte[lang('fr')], pmo:texte)[1]}</ao:Texte>
    </ao:Observation>
  </xsl:template>

</xsl:stylesheet>
