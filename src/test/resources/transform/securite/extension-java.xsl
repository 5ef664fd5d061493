<?xml version="1.0" encoding="UTF-8"?>
<!-- Attack: a reflexive Java extension function call. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/">
    <fuite><xsl:value-of select="Q{java:java.lang.System}getProperty('user.home')"/></fuite>
  </xsl:template>
</xsl:stylesheet>
