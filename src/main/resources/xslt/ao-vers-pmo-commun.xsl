<?xml version="1.0" encoding="UTF-8"?>
<!--
  AO → PMO, shared module: code-list look-ups, derived values and the PMO header.

  Every derived value the PMO receives is computed here, once, so that a fiche and a situation
  derive it the same way; docs/MAPPING.md defines each of them in words.

  Nothing here reads the clock, the file system or the network: the code lists arrive as the
  stylesheet parameter $listes (built by the gateway from the versioned files under
  contracts/xsd/codes/), and "now" only exists as the caller's $emis-le.
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

  <!-- ================================================================== -->
  <!-- Parameters: everything that is not in the AO document              -->
  <!-- ================================================================== -->

  <!--
    The code lists: list identifier (lc:ListeCodes/@identifiant) → code value → lc:Code element.
    Declared map(*) rather than with its full type, which Saxon would check entry by entry (some
    1,700 codes) on every transformation.
  -->
  <xsl:param name="listes" as="map(*)" required="yes"/>
  <!-- The gateway's exchange id: PMO identifiant-message and reference-source/@echange. -->
  <xsl:param name="echange" as="xs:string" required="yes"/>
  <!-- When the gateway issues the PMO message (entete/emis-le); never the transformation's clock. -->
  <xsl:param name="emis-le" as="xs:dateTime" required="yes"/>
  <!-- Identity of this stylesheet set and of the code-list set, recorded in reference-source. -->
  <xsl:param name="version-transformation" as="xs:string" required="yes"/>
  <xsl:param name="version-listes" as="xs:string" required="yes"/>

  <!-- The organisation whose identifier scheme the AO project code belongs to (reference-externe). -->
  <xsl:variable name="pg:organisme-ao" as="xs:string" select="'AL-OMRANE'"/>

  <!-- ================================================================== -->
  <!-- Code lists                                                         -->
  <!-- ================================================================== -->

  <!-- The code $valeur of list $liste, or the empty sequence if the list has no such code. -->
  <xsl:function name="pg:code" as="element(lc:Code)?">
    <xsl:param name="liste" as="xs:string"/>
    <xsl:param name="valeur" as="xs:string"/>
    <xsl:sequence select="$listes($liste)(normalize-space($valeur))"/>
  </xsl:function>

  <!--
    The one value that code $valeur of list $liste maps to in list $cible (lc:Correspondance).
    A code without that mapping is a defect of the code lists or of a document that skipped the
    business rules: the transformation stops rather than guess. Cached: a batch asks the same few
    questions (partner type → category…) thousands of times.
  -->
  <xsl:function name="pg:correspondance" as="xs:string" cache="yes">
    <xsl:param name="liste" as="xs:string"/>
    <xsl:param name="valeur" as="xs:string"/>
    <xsl:param name="cible" as="xs:string"/>
    <xsl:variable name="valeurs" as="attribute()*"
                  select="pg:code($liste, $valeur)/lc:Correspondance[@liste = $cible]/@valeur"/>
    <xsl:if test="count($valeurs) ne 1">
      <xsl:sequence select="error(xs:QName('pg:CORRESPONDANCE'),
                            'No single ' || $cible || ' mapping for ' || $liste || ' code ' || normalize-space($valeur))"/>
    </xsl:if>
    <xsl:sequence select="string($valeurs)"/>
  </xsl:function>

  <!--
    The labels of code $valeur of list $liste, French first, then Arabic, then English (at most three,
    as the PMO allows). Cached: a batch names the same few subsidiaries over and over.
  -->
  <xsl:function name="pg:libelles" as="element(lc:Libelle)*" cache="yes">
    <xsl:param name="liste" as="xs:string"/>
    <xsl:param name="valeur" as="xs:string"/>
    <xsl:variable name="code" as="element(lc:Code)?" select="pg:code($liste, $valeur)"/>
    <xsl:sequence select="for $langue in ('fr', 'ar', 'en') return $code/lc:Libelle[@xml:lang = $langue][1]"/>
  </xsl:function>

  <!-- ================================================================== -->
  <!-- Derived values (docs/MAPPING.md, "Valeurs dérivées")                -->
  <!-- ================================================================== -->

  <!--
    $partie / $total × 100, as a decimal with exactly two places, rounded half up (12.345 → 12.35),
    which is how a spreadsheet's ROUND(x; 2) reads it. Computed on integers (amounts scaled to
    centimes), so the result is exact whatever the size of the amounts: no floating point, no
    truncated intermediate quotient. Empty when $total is zero (a rate of nothing is undefined).
  -->
  <xsl:function name="pg:taux" as="xs:string?">
    <xsl:param name="partie" as="xs:decimal"/>
    <xsl:param name="total" as="xs:decimal"/>
    <xsl:if test="$total ne 0">
      <!-- Hundredths of a percent: round(10000 × partie / total), half up, in integers. -->
      <xsl:variable name="numerateur" as="xs:integer" select="xs:integer($partie * 100) * 10000"/>
      <xsl:variable name="denominateur" as="xs:integer" select="xs:integer($total * 100)"/>
      <xsl:variable name="quotient" as="xs:integer" select="$numerateur idiv $denominateur"/>
      <xsl:variable name="reste" as="xs:integer" select="$numerateur mod $denominateur"/>
      <xsl:variable name="centiemes" as="xs:integer"
                    select="if (2 * $reste ge $denominateur) then $quotient + 1 else $quotient"/>
      <xsl:sequence select="($centiemes idiv 100) || '.' || format-number($centiemes mod 100, '00')"/>
    </xsl:if>
  </xsl:function>

  <!--
    Canonical numbers (v1.1). The AO schema accepts every lexical form of an xs:decimal ("+25000000",
    "-0.00", "25000000.", "0120"); the PMO receives one spelling per value, whatever the sender wrote:
    amounts and percentages with exactly two decimals (as the rates the gateway computes), quantities
    and coordinates in the XSD canonical form (no sign, no leading or trailing zero: "120", "12.5").
    Both are exact: the schema allows at most two decimals for amounts and percentages.
  -->
  <xsl:function name="pg:deux-decimales" as="xs:string">
    <xsl:param name="valeur" as="xs:string"/>
    <xsl:variable name="centiemes" as="xs:integer" select="xs:integer(xs:decimal(normalize-space($valeur)) * 100)"/>
    <xsl:sequence select="($centiemes idiv 100) || '.' || format-number($centiemes mod 100, '00')"/>
  </xsl:function>

  <xsl:function name="pg:decimal" as="xs:string">
    <xsl:param name="valeur" as="xs:string"/>
    <xsl:sequence select="string(xs:decimal(normalize-space($valeur)))"/>
  </xsl:function>

  <!--
    Budget status, one rule for fiches and situations (v1.1, docs/MAPPING.md): the budget is committed
    (engage) once money is committed to the project, that is once a specific (project) agreement is
    signed on or before the as-of date, or an amount is engaged; a framework agreement alone commits no
    project budget, and the status never depends on which of the two messages the PMO read last.
  -->
  <xsl:function name="pg:statut-budget" as="xs:string">
    <xsl:param name="conventions-specifiques" as="xs:date*"/>
    <xsl:param name="montant-engage" as="xs:decimal"/>
    <xsl:param name="date-arrete" as="xs:date"/>
    <xsl:sequence select="if ($montant-engage gt 0 or exists($conventions-specifiques[. le $date-arrete]))
                          then 'engage' else 'indicatif'"/>
  </xsl:function>

  <!-- Signed number of days from $de to $a (positive when $a is later). -->
  <xsl:function name="pg:jours" as="xs:integer">
    <xsl:param name="de" as="xs:date"/>
    <xsl:param name="a" as="xs:date"/>
    <xsl:sequence select="days-from-duration($a - $de)"/>
  </xsl:function>

  <!--
    Delay in days against the planned end: for a finished project, how late it finished
    (actual end − planned end); otherwise how far the as-of date is past the planned end.
    Never negative: finishing early, or being before the planned end, is no delay.
  -->
  <xsl:function name="pg:retard" as="xs:integer">
    <xsl:param name="fin-prevue" as="xs:date"/>
    <xsl:param name="fin-reelle" as="xs:date?"/>
    <xsl:param name="date-arrete" as="xs:date"/>
    <xsl:sequence select="max((0, pg:jours($fin-prevue, ($fin-reelle, $date-arrete)[1])))"/>
  </xsl:function>

  <!--
    The PMO state. The AO status gives it through the code list (ao-statuts → pmo-etats); the PMO's
    "en retard" (ER) has no AO status and is derived: a project not started or in progress (ND, EC)
    is late when, at the as-of date, its planned end is past, or one of its milestones is overdue
    (planned date past, no actual date) — the milestones being the only plan the AO data gives
    for physical progress. Blocked, finished and cancelled projects keep their own state.
  -->
  <xsl:function name="pg:etat" as="xs:string">
    <xsl:param name="statut" as="xs:string"/>
    <xsl:param name="fin-prevue" as="xs:date"/>
    <xsl:param name="jalons" as="element(ao:Jalon)*"/>
    <xsl:param name="date-arrete" as="xs:date"/>
    <xsl:variable name="etat" as="xs:string" select="pg:correspondance('ao-statuts', $statut, 'pmo-etats')"/>
    <xsl:variable name="fin-depassee" as="xs:boolean" select="$fin-prevue lt $date-arrete"/>
    <xsl:variable name="jalon-en-retard" as="xs:boolean"
                  select="exists($jalons[xs:date(ao:DatePrevue) lt $date-arrete][empty(ao:DateReelle)])"/>
    <xsl:sequence select="if ($etat = ('ND', 'EC') and ($fin-depassee or $jalon-en-retard)) then 'ER' else $etat"/>
  </xsl:function>

  <!-- ================================================================== -->
  <!-- Shared output                                                      -->
  <!-- ================================================================== -->

  <!--
    PMO header. The message id is the gateway's exchange id: one exchange gives one PMO deposit,
    and a delivery retry re-sends the same bytes, which the PMO de-duplicates on this id.
    The emitter is the gateway itself, depositing for the declaring organisations named in each
    project. reference-source ties the message to the journal entry and to the exact stylesheet
    and code-list versions that produced it.
  -->
  <xsl:template name="pg:entete">
    <xsl:param name="en-tete" as="element(ao:EnTete)" required="yes"/>
    <pmo:entete>
      <pmo:identifiant-message>{$echange}</pmo:identifiant-message>
      <pmo:emis-le>{$emis-le}</pmo:emis-le>
      <pmo:emetteur code="PASSERELLE-AO-PMO">
        <pmo:nom xml:lang="fr">Passerelle d'interopérabilité Al Omrane – PMO</pmo:nom>
        <pmo:nom xml:lang="en">Al Omrane – PMO interoperability gateway</pmo:nom>
      </pmo:emetteur>
      <pmo:reference-source echange="{$echange}"
                            envoi="{normalize-space($en-tete/ao:IdentifiantEnvoi)}"
                            version-transformation="{$version-transformation}"
                            version-listes="{$version-listes}"/>
      <pmo:date-arrete>{normalize-space($en-tete/ao:DateArrete)}</pmo:date-arrete>
    </pmo:entete>
  </xsl:template>

  <!-- AO project code → PMO external reference, in Al Omrane's identifier scheme. -->
  <xsl:template name="pg:reference-externe">
    <xsl:param name="code-projet" as="element(ao:CodeProjet)" required="yes"/>
    <pmo:reference-externe organisme="{$pg:organisme-ao}">{normalize-space($code-projet)}</pmo:reference-externe>
  </xsl:template>

  <!--
    An AO text → one PMO text; nothing when the AO text is absent. Its language is the one the text
    declares (xml:lang, v1.1), else $langue, the language its element implies (fr, or ar for the
    *Arabe elements). A one-line text (an xs:token: titles, names, labels) goes out whitespace-collapsed,
    as its schema reads it; a free text keeps its line breaks.
  -->
  <xsl:template name="pg:texte">
    <xsl:param name="texte" as="element()?" required="yes"/>
    <xsl:param name="langue" as="xs:string" required="yes"/>
    <xsl:param name="nom" as="xs:string" select="'texte'"/>
    <xsl:param name="une-ligne" as="xs:boolean" select="false()"/>
    <xsl:if test="exists($texte)">
      <xsl:element name="pmo:{$nom}">
        <xsl:attribute name="xml:lang" select="pg:langue($texte, $langue)"/>
        <xsl:value-of select="if ($une-ligne) then normalize-space($texte) else string($texte)"/>
      </xsl:element>
    </xsl:if>
  </xsl:template>

  <!-- The language of an AO text: its own xml:lang (lower case, as BCP 47 compares), else $defaut. -->
  <xsl:function name="pg:langue" as="xs:string">
    <xsl:param name="texte" as="element()"/>
    <xsl:param name="defaut" as="xs:string"/>
    <xsl:sequence select="lower-case(normalize-space(($texte/@xml:lang, $defaut)[1]))"/>
  </xsl:function>

  <!--
    AO planned and achieved quantities → PMO output indicators, one per unit: the unit maps to
    the PMO indicator (ao-unites → pmo-indicateurs) whose measurement unit comes from that
    indicator's "unite" property. The target is the planned quantity, the achieved value the
    realised one, and the achievement rate realised / planned × 100 when both are known.
    Units appear in the order of the planned quantities, then any unit only realised.
  -->
  <xsl:template name="pg:indicateurs">
    <xsl:param name="prevues" as="element(ao:Quantite)*" required="yes"/>
    <xsl:param name="realisees" as="element(ao:Quantite)*" select="()"/>
    <xsl:param name="au" as="xs:string" required="yes"/>
    <xsl:for-each select="$prevues, $realisees[not(normalize-space(@unite) = $prevues/normalize-space(@unite))]">
      <xsl:variable name="unite" as="xs:string" select="normalize-space(@unite)"/>
      <xsl:variable name="indicateur" as="xs:string" select="pg:correspondance('ao-unites', $unite, 'pmo-indicateurs')"/>
      <xsl:variable name="cible" as="element(ao:Quantite)?" select="$prevues[normalize-space(@unite) = $unite][1]"/>
      <xsl:variable name="realise" as="element(ao:Quantite)?" select="$realisees[normalize-space(@unite) = $unite][1]"/>
      <pmo:indicateur code="{$indicateur}"
                      unite="{pg:code('pmo-indicateurs', $indicateur)/lc:Propriete[@nom = 'unite']}"
                      au="{$au}">
        <xsl:if test="exists($cible)">
          <pmo:cible>{pg:decimal($cible)}</pmo:cible>
        </xsl:if>
        <xsl:if test="exists($realise)">
          <pmo:realise>{pg:decimal($realise)}</pmo:realise>
        </xsl:if>
        <xsl:if test="exists($cible) and exists($realise)">
          <xsl:for-each select="pg:taux(xs:decimal($realise), xs:decimal($cible))">
            <pmo:taux-realisation>{.}</pmo:taux-realisation>
          </xsl:for-each>
        </xsl:if>
      </pmo:indicateur>
    </xsl:for-each>
  </xsl:template>

</xsl:stylesheet>
