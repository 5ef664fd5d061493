<?xml version="1.0" encoding="UTF-8"?>
<!--
  AO → PMO, progress reports: ao:SituationAvancement → pmo:suivi (inside pmo:depot-situations).

  A situation carries a reminder (Rappel) of the project's reference data in force at its as-of
  date, so each one is translated on its own: rates, delay, state and indicators are computed
  from the situation alone, never from an earlier message.
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:ao="urn:ma:alomrane:suivi-projets:v1"
                xmlns:pmo="urn:ma:dgct:pmo:v1"
                xmlns:pg="urn:ma:pmo-gateway:transformation"
                exclude-result-prefixes="#all"
                expand-text="yes">

  <!-- Spellings of the AO enumerations in the PMO schema (fixed by the two XSDs, not code lists). -->
  <xsl:variable name="pg:types-transaction" as="map(xs:string, xs:string)"
                select="map { 'MontantEngage': 'engagement', 'MontantEmis': 'emission', 'MontantPaye': 'paiement' }"/>
  <xsl:variable name="pg:categories-risque" as="map(xs:string, xs:string)"
                select="map { 'FONCIER': 'foncier', 'FINANCEMENT': 'financier', 'TECHNIQUE': 'technique',
                              'SOCIAL': 'social', 'ADMINISTRATIF': 'administratif' }"/>
  <!-- Severity of a constraint → PMO risk level, 1 (minor) to 3 (blocking). -->
  <xsl:variable name="pg:niveaux-risque" as="map(xs:string, xs:integer)"
                select="map { 'MINEURE': 1, 'MAJEURE': 2, 'BLOQUANTE': 3 }"/>

  <!-- EnvoiSituations → depot-situations: the header, then one suivi per situation, in the same order. -->
  <xsl:template match="ao:EnvoiSituations">
    <pmo:depot-situations version="1.0">
      <xsl:call-template name="pg:entete">
        <xsl:with-param name="en-tete" select="ao:EnTete"/>
      </xsl:call-template>
      <xsl:apply-templates select="ao:SituationAvancement"/>
    </pmo:depot-situations>
  </xsl:template>

  <!-- SituationAvancement → suivi, dated by the situation's own as-of date (DateArrete). -->
  <xsl:template match="ao:SituationAvancement">
    <xsl:variable name="date-arrete" as="xs:date" select="xs:date(ao:DateArrete)"/>
    <xsl:variable name="rappel" as="element(ao:Rappel)" select="ao:Rappel"/>
    <pmo:suivi date-arrete="{$date-arrete}">
      <xsl:call-template name="pg:reference-externe">
        <xsl:with-param name="code-projet" select="ao:CodeProjet"/>
      </xsl:call-template>
      <pmo:etat code="{pg:etat(ao:Statut, xs:date($rappel/ao:FinPrevue), ao:Jalons/ao:Jalon, $date-arrete)}"
                statut-source="{normalize-space(ao:Statut)}" au="{$date-arrete}"/>
      <!-- Rappel/CoutGlobal → budget, status by the one rule of pg:statut-budget (engaged amount, or the
           specific convention the reminder recalls, v1.1). -->
      <pmo:budget montant="{pg:deux-decimales($rappel/ao:CoutGlobal)}"
                  statut="{pg:statut-budget($rappel/ao:DateConventionSpecifique ! xs:date(.),
                                            xs:decimal(ao:ExecutionFinanciere/ao:MontantEngage), $date-arrete)}"/>
      <xsl:apply-templates select="ao:ExecutionFinanciere">
        <xsl:with-param name="budget" select="xs:decimal($rappel/ao:CoutGlobal)"/>
        <xsl:with-param name="au" select="$date-arrete"/>
      </xsl:apply-templates>
      <pmo:avancement-physique taux="{pg:deux-decimales(ao:AvancementPhysique)}" au="{$date-arrete}"/>
      <pmo:retard jours="{pg:retard(xs:date($rappel/ao:FinPrevue), $rappel/ao:FinReelle ! xs:date(.), $date-arrete)}"
                  au="{$date-arrete}"/>
      <xsl:call-template name="pg:indicateurs">
        <xsl:with-param name="prevues" select="$rappel/ao:QuantitesPrevues/ao:Quantite"/>
        <xsl:with-param name="realisees" select="ao:QuantitesRealisees/ao:Quantite"/>
        <xsl:with-param name="au" select="string($date-arrete)"/>
      </xsl:call-template>
      <xsl:apply-templates select="ao:Jalons/ao:Jalon"/>
      <xsl:apply-templates select="ao:Contraintes/ao:Contrainte"/>
      <xsl:if test="exists(ao:Commentaire)">
        <pmo:commentaire>
          <xsl:call-template name="pg:texte">
            <xsl:with-param name="texte" select="ao:Commentaire"/>
            <xsl:with-param name="langue" select="'fr'"/>
          </xsl:call-template>
        </pmo:commentaire>
      </xsl:if>
    </pmo:suivi>
  </xsl:template>

  <!--
    ExecutionFinanciere → execution-financiere: the three cumulative amounts of the spending chain
    (engaged, issued, paid), each with its rate against the global cost (financial progress).
  -->
  <xsl:template match="ao:ExecutionFinanciere">
    <xsl:param name="budget" as="xs:decimal" required="yes"/>
    <xsl:param name="au" as="xs:date" required="yes"/>
    <pmo:execution-financiere au="{$au}">
      <xsl:apply-templates select="ao:MontantEngage, ao:MontantEmis, ao:MontantPaye">
        <xsl:with-param name="budget" select="$budget"/>
      </xsl:apply-templates>
    </pmo:execution-financiere>
  </xsl:template>

  <xsl:template match="ao:MontantEngage | ao:MontantEmis | ao:MontantPaye">
    <xsl:param name="budget" as="xs:decimal" required="yes"/>
    <pmo:transaction type="{$pg:types-transaction(local-name())}" montant-cumule="{pg:deux-decimales(.)}">
      <xsl:for-each select="pg:taux(xs:decimal(.), $budget)">
        <xsl:attribute name="taux" select="."/>
      </xsl:for-each>
    </pmo:transaction>
  </xsl:template>

  <!-- Jalon → jalon, with the gap in days between actual and planned dates once it is reached. -->
  <xsl:template match="ao:Jalon">
    <pmo:jalon code="{normalize-space(ao:Code)}" date-prevue="{normalize-space(ao:DatePrevue)}">
      <xsl:if test="exists(ao:DateReelle)">
        <xsl:attribute name="date-reelle" select="normalize-space(ao:DateReelle)"/>
        <xsl:attribute name="ecart-jours" select="pg:jours(xs:date(ao:DatePrevue), xs:date(ao:DateReelle))"/>
      </xsl:if>
      <pmo:libelle>
        <xsl:call-template name="pg:texte">
          <xsl:with-param name="texte" select="ao:Libelle"/>
          <xsl:with-param name="langue" select="'fr'"/>
          <xsl:with-param name="une-ligne" select="true()"/>
        </xsl:call-template>
      </pmo:libelle>
    </pmo:jalon>
  </xsl:template>

  <!-- Contrainte → risque: category, level from the severity, opened and (if lifted) closed dates. -->
  <xsl:template match="ao:Contrainte">
    <pmo:risque categorie="{$pg:categories-risque(normalize-space(ao:Type))}"
                niveau="{$pg:niveaux-risque(normalize-space(ao:Gravite))}"
                ouvert-le="{normalize-space(ao:Depuis)}">
      <xsl:if test="exists(ao:LeveeLe)">
        <xsl:attribute name="clos-le" select="normalize-space(ao:LeveeLe)"/>
      </xsl:if>
      <pmo:description>
        <xsl:call-template name="pg:texte">
          <xsl:with-param name="texte" select="ao:Description"/>
          <xsl:with-param name="langue" select="'fr'"/>
        </xsl:call-template>
      </pmo:description>
    </pmo:risque>
  </xsl:template>

</xsl:stylesheet>
