<?xml version="1.0" encoding="UTF-8"?>
<!--
  Transformation Al Omrane → PMO (entry stylesheet).

  Input:  an AO batch, ao:EnvoiFichesProjets or ao:EnvoiSituations, already valid against
          xsd/ao/suivi-projets-v1.xsd and the business rules (src/main/resources/rules/).
  Output: the PMO deposit, pmo:depot-fiches or pmo:depot-situations, which the gateway
          validates against xsd/pmo/pmo-v1.xsd before it may leave.

  Determinism: the output depends only on the input document, these stylesheets, the code lists
  and the parameters (ao-vers-pmo-commun.xsl). No clock, no random value, no file or network
  access; projects, places and partners keep their AO document order.
  The field-by-field table, with every derived value, is docs/MAPPING.md.
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:ao="urn:ma:alomrane:suivi-projets:v1"
                exclude-result-prefixes="#all">

  <xsl:include href="ao-vers-pmo-commun.xsl"/>
  <xsl:include href="ao-vers-pmo-fiches.xsl"/>
  <xsl:include href="ao-vers-pmo-situations.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <!-- Anything that is not an AO batch is refused, not silently copied or dropped. -->
  <xsl:mode on-no-match="fail"/>
  <xsl:mode name="pg:organisme" on-no-match="fail" xmlns:pg="urn:ma:pmo-gateway:transformation"/>

  <xsl:template match="/">
    <xsl:apply-templates select="*"/>
  </xsl:template>

</xsl:stylesheet>
