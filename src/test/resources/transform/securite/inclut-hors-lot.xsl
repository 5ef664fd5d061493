<?xml version="1.0" encoding="UTF-8"?>
<!-- Attack: a class-path module that exists but is not part of the bundle being compiled. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:include href="../../xslt/ao-vers-pmo-commun.xsl"/>
</xsl:stylesheet>
