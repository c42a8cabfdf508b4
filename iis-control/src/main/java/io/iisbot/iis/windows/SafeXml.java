package io.iisbot.iis.windows;

import java.io.IOException;
import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses XML from appcmd and the Event Log with OWASP's XXE settings for JAXP: DOCTYPEs refused
 * outright, so neither external entities nor entity-expansion bombs are possible; no XInclude;
 * namespace-unaware, so the odd {@code xmlns} values seen in the wild do not matter. Errors throw
 * instead of printing to stderr.
 */
final class SafeXml {

  private static final ErrorHandler THROWING =
      new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
          // A warning (e.g. an unused encoding declaration) leaves the document usable.
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
          throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
          throw e;
        }
      };

  private SafeXml() {}

  /**
   * The document element of {@code xml}.
   *
   * @throws SAXException when the text is not well-formed or declares a DOCTYPE
   */
  static Element parse(String xml) throws SAXException {
    try {
      return builder().parse(new InputSource(new StringReader(xml))).getDocumentElement();
    } catch (IOException e) {
      throw new SAXException("the XML could not be read", e);
    }
  }

  private static DocumentBuilder builder() {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    try {
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      f.setNamespaceAware(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(THROWING);
      return b;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser lacks a safety feature", e);
    }
  }
}
