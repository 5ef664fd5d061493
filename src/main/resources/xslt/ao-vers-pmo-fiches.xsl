<?xml version="1.0" encoding="UTF-8"?>
<!--
  AO → PMO, project records: ao:FicheProjet → pmo:projet (inside pmo:depot-fiches).

  One template per concept of the PMO project, in the order of the PMO schema. Each template's
  comment names the AO fields it reads; docs/MAPPING.md has the same table for analysts.
-->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:ao="urn:ma:alomrane:suivi-projets:v1"
                xmlns:pmo="urn:ma:dgct:pmo:v1"
                xmlns:lc="urn:ma:pmo-gateway:listes-codes:v1"
                xmlns:pg="urn:ma:pmo-gateway:transformation"
                exclude-result-prefixes="#all"
                expand-text="yes">

  <!-- Spellings of the AO enumerations in the PMO schema (fixed by the two XSDs, not code lists). -->
  <xsl:variable name="pg:operations" as="map(xs:string, xs:string)"
                select="map { 'CREATION': 'creation', 'MISE_A_JOUR': 'mise-a-jour' }"/>
  <xsl:variable name="pg:types-date" as="map(xs:string, xs:string)"
                select="map { 'DebutPrevu': 'debut-prevu', 'FinPrevue': 'fin-prevue',
                              'DebutReel': 'debut-reel', 'FinReelle': 'fin-reelle' }"/>
  <xsl:variable name="pg:types-convention" as="map(xs:string, xs:string)"
                select="map { 'CADRE': 'cadre', 'SPECIFIQUE': 'specifique' }"/>

  <!-- EnvoiFichesProjets → depot-fiches: the header, then one projet per fiche, in the same order. -->
  <xsl:template match="ao:EnvoiFichesProjets">
    <pmo:depot-fiches version="1.0">
      <xsl:call-template name="pg:entete">
        <xsl:with-param name="en-tete" select="ao:EnTete"/>
      </xsl:call-template>
      <xsl:apply-templates select="ao:FicheProjet"/>
    </pmo:depot-fiches>
  </xsl:template>

  <!--
    FicheProjet → projet. A fiche has no date of its own: the batch's as-of date
    (EnTete/DateArrete) dates the record, its state, progress, delay and indicators.
  -->
  <xsl:template match="ao:FicheProjet">
    <xsl:variable name="date-arrete" as="xs:date" select="xs:date(../ao:EnTete/ao:DateArrete)"/>
    <pmo:projet derniere-mise-a-jour="{$date-arrete}" devise="MAD"
                operation="{$pg:operations(normalize-space(@nature))}">
      <xsl:apply-templates select="ao:ReferencePMO"/>
      <xsl:call-template name="pg:reference-externe">
        <xsl:with-param name="code-projet" select="ao:CodeProjet"/>
      </xsl:call-template>
      <xsl:apply-templates select="ao:Filiale" mode="pg:organisme">
        <xsl:with-param name="element" select="'organisme-declarant'"/>
      </xsl:apply-templates>
      <pmo:titre>
        <xsl:call-template name="pg:texte">
          <xsl:with-param name="texte" select="ao:Intitule"/>
          <xsl:with-param name="langue" select="'fr'"/>
          <xsl:with-param name="une-ligne" select="true()"/>
        </xsl:call-template>
        <xsl:call-template name="pg:texte">
          <xsl:with-param name="texte" select="ao:IntituleArabe"/>
          <xsl:with-param name="langue" select="'ar'"/>
          <xsl:with-param name="une-ligne" select="true()"/>
        </xsl:call-template>
      </pmo:titre>
      <xsl:if test="exists(ao:Description)">
        <pmo:description>
          <xsl:call-template name="pg:texte">
            <xsl:with-param name="texte" select="ao:Description"/>
            <xsl:with-param name="langue" select="'fr'"/>
          </xsl:call-template>
        </pmo:description>
      </xsl:if>
      <xsl:call-template name="pg:acteurs"/>
      <xsl:apply-templates select="ao:Programme"/>
      <pmo:etat code="{pg:etat(ao:Statut, xs:date(ao:Calendrier/ao:FinPrevue), (), $date-arrete)}"
                statut-source="{normalize-space(ao:Statut)}" au="{$date-arrete}"/>
      <xsl:apply-templates select="ao:Calendrier/*"/>
      <xsl:apply-templates select="ao:Localisations/ao:Localisation"/>
      <xsl:apply-templates select="ao:Conventions/ao:Convention"/>
      <xsl:apply-templates select="ao:CoutGlobal"/>
      <xsl:apply-templates select="ao:PlanFinancement/ao:Contribution"/>
      <xsl:call-template name="pg:indicateurs">
        <xsl:with-param name="prevues" select="ao:QuantitesPrevues/ao:Quantite"/>
        <xsl:with-param name="au" select="string($date-arrete)"/>
      </xsl:call-template>
      <xsl:if test="exists(ao:AvancementPhysique)">
        <pmo:avancement-physique taux="{pg:deux-decimales(ao:AvancementPhysique)}" au="{$date-arrete}"/>
      </xsl:if>
      <pmo:retard jours="{pg:retard(xs:date(ao:Calendrier/ao:FinPrevue), ao:Calendrier/ao:FinReelle ! xs:date(.), $date-arrete)}"
                  au="{$date-arrete}"/>
    </pmo:projet>
  </xsl:template>

  <!-- ReferencePMO → reference-pmo: the PMO's own id, known once the PMO accepted the project. -->
  <xsl:template match="ao:ReferencePMO">
    <pmo:reference-pmo>{normalize-space(.)}</pmo:reference-pmo>
  </xsl:template>

  <!--
    Actors. Al Omrane's subsidiary (Filiale) is the project owner (MO) of its own operations and
    the delegated owner (MOD) of a MOD project. Each other partner appears once, with its main
    role: MO if Al Omrane acts on its behalf (a Mandant, or a MANDANT or MAITRE_OUVRAGE signatory),
    else BAILLEUR if it funds the project (a Contribution, or a FINANCEUR signatory), else
    PARTENAIRE. A partner entry for the subsidiary itself is not repeated.
  -->
  <xsl:template name="pg:acteurs">
    <xsl:variable name="signataires" as="element(ao:Signataire)*" select="ao:Conventions/ao:Convention/ao:Signataire"/>
    <xsl:variable name="maitres-ouvrage" as="xs:string*"
                  select="(ao:Mandants/ao:Mandant, $signataires[normalize-space(@role) = ('MANDANT', 'MAITRE_OUVRAGE')])
                          ! normalize-space(@partenaire)"/>
    <xsl:variable name="bailleurs" as="xs:string*"
                  select="(ao:PlanFinancement/ao:Contribution, $signataires[normalize-space(@role) = 'FINANCEUR'])
                          ! normalize-space(@partenaire)"/>
    <xsl:apply-templates select="ao:Filiale" mode="pg:organisme">
      <xsl:with-param name="element" select="'acteur'"/>
      <xsl:with-param name="role" select="if (normalize-space(ao:ModeRealisation) eq 'MOD') then 'MOD' else 'MO'"/>
    </xsl:apply-templates>
    <xsl:for-each select="ao:Partenaires/ao:Partenaire[normalize-space(@id) ne normalize-space(../../ao:Filiale)]">
      <xsl:variable name="id" as="xs:string" select="normalize-space(@id)"/>
      <xsl:apply-templates select="." mode="pg:organisme">
        <xsl:with-param name="element" select="'acteur'"/>
        <xsl:with-param name="role" select="if ($id = $maitres-ouvrage) then 'MO'
                                            else if ($id = $bailleurs) then 'BAILLEUR'
                                            else 'PARTENAIRE'"/>
      </xsl:apply-templates>
    </xsl:for-each>
  </xsl:template>

  <!--
    The subsidiary as a PMO organisation: its code, the PMO category of Al Omrane (partner type
    AL_OMRANE → pmo-categories-financement), and its names from the ao-filiales list.
  -->
  <xsl:template match="ao:Filiale" mode="pg:organisme">
    <xsl:param name="element" as="xs:string" required="yes"/>
    <xsl:param name="role" as="xs:string?"/>
    <xsl:element name="pmo:{$element}">
      <xsl:attribute name="code" select="normalize-space(.)"/>
      <xsl:attribute name="categorie" select="pg:correspondance('ao-types-partenaires', 'AL_OMRANE', 'pmo-categories-financement')"/>
      <xsl:if test="exists($role)">
        <xsl:attribute name="role" select="$role"/>
      </xsl:if>
      <xsl:for-each select="pg:libelles('ao-filiales', normalize-space(.))">
        <pmo:nom xml:lang="{@xml:lang}">{.}</pmo:nom>
      </xsl:for-each>
    </xsl:element>
  </xsl:template>

  <!-- A partner as a PMO organisation: its id as code, its type's PMO category, its French and Arabic names. -->
  <xsl:template match="ao:Partenaire" mode="pg:organisme">
    <xsl:param name="element" as="xs:string" required="yes"/>
    <xsl:param name="role" as="xs:string?"/>
    <xsl:element name="pmo:{$element}">
      <xsl:attribute name="code" select="normalize-space(@id)"/>
      <xsl:attribute name="categorie" select="pg:correspondance('ao-types-partenaires', @type, 'pmo-categories-financement')"/>
      <xsl:if test="exists($role)">
        <xsl:attribute name="role" select="$role"/>
      </xsl:if>
      <xsl:call-template name="pg:texte">
        <xsl:with-param name="texte" select="ao:Nom"/>
        <xsl:with-param name="langue" select="'fr'"/>
        <xsl:with-param name="nom" select="'nom'"/>
        <xsl:with-param name="une-ligne" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="pg:texte">
        <xsl:with-param name="texte" select="ao:NomArabe"/>
        <xsl:with-param name="langue" select="'ar'"/>
        <xsl:with-param name="nom" select="'nom'"/>
        <xsl:with-param name="une-ligne" select="true()"/>
      </xsl:call-template>
    </xsl:element>
  </xsl:template>

  <!-- Programme → secteur: the PMO sector/programme (ao-programmes → pmo-secteurs), keeping the AO programme. -->
  <xsl:template match="ao:Programme">
    <pmo:secteur code="{pg:correspondance('ao-programmes', ., 'pmo-secteurs')}"
                 programme-source="{normalize-space(.)}"/>
  </xsl:template>

  <!-- Calendrier → one date per known date, typed (planned/actual × start/end), in AO order. -->
  <xsl:template match="ao:Calendrier/*">
    <pmo:date type="{$pg:types-date(local-name())}" valeur="{normalize-space(.)}"/>
  </xsl:template>

  <!--
    Localisation → localisation: the official HCP code at the finest level given (the commune, or
    else the province), with its parents as the AO document states them (their consistency is a
    business rule, R-TER-001 and R-TER-002), the DGCT code and the GPS point if any.
  -->
  <xsl:template match="ao:Localisation">
    <pmo:localisation niveau="{if (exists(ao:Commune)) then 'commune' else 'province'}"
                      code="{normalize-space((ao:Commune, ao:Province)[1])}"
                      vocabulaire="HCP-2024">
      <xsl:if test="exists(ao:CodeDGCT)">
        <xsl:attribute name="code-dgct" select="normalize-space(ao:CodeDGCT)"/>
      </xsl:if>
      <xsl:if test="exists(ao:Commune)">
        <pmo:parent niveau="province" code="{normalize-space(ao:Province)}"/>
      </xsl:if>
      <pmo:parent niveau="region" code="{normalize-space(ao:Region)}"/>
      <xsl:apply-templates select="ao:Point"/>
    </pmo:localisation>
  </xsl:template>

  <xsl:template match="ao:Point">
    <pmo:point latitude="{pg:decimal(@latitude)}" longitude="{pg:decimal(@longitude)}"/>
  </xsl:template>

  <!-- Convention → convention: reference, framework or specific, date signed. -->
  <xsl:template match="ao:Convention">
    <pmo:convention reference="{normalize-space(ao:Reference)}"
                    type="{$pg:types-convention(normalize-space(ao:Type))}"
                    signee-le="{normalize-space(ao:DateSignature)}"/>
  </xsl:template>

  <!--
    CoutGlobal → budget, with its status by the one rule of pg:statut-budget: a fiche carries no
    engaged amount, so its specific conventions decide.
  -->
  <xsl:template match="ao:CoutGlobal">
    <pmo:budget montant="{pg:deux-decimales(.)}"
                statut="{pg:statut-budget(../ao:Conventions/ao:Convention[normalize-space(ao:Type) eq 'SPECIFIQUE']/xs:date(ao:DateSignature),
                                          0, xs:date(../../ao:EnTete/ao:DateArrete))}"/>
  </xsl:template>

  <!--
    Contribution → source-financement: the partner's PMO category (partner type →
    pmo-categories-financement), the amount as sent, and its share of the global cost.
  -->
  <xsl:template match="ao:Contribution">
    <xsl:variable name="partenaire" as="element(ao:Partenaire)"
                  select="../../ao:Partenaires/ao:Partenaire[normalize-space(@id) eq normalize-space(current()/@partenaire)]"/>
    <pmo:source-financement categorie="{pg:correspondance('ao-types-partenaires', $partenaire/@type, 'pmo-categories-financement')}"
                            montant="{pg:deux-decimales(ao:Montant)}">
      <xsl:for-each select="pg:taux(xs:decimal(ao:Montant), xs:decimal(../../ao:CoutGlobal))">
        <xsl:attribute name="part" select="."/>
      </xsl:for-each>
      <xsl:apply-templates select="$partenaire" mode="pg:organisme">
        <xsl:with-param name="element" select="'organisme'"/>
      </xsl:apply-templates>
    </pmo:source-financement>
  </xsl:template>

</xsl:stylesheet>
