package ma.pmogateway.transform;
import java.nio.file.*;
public class Scratch {
  public static void main(String[] a) throws Exception {
    for (String f : a) {
      Translation t = Fixtures.TRANSFORMER.translate(Fixtures.RUNTIME.parse(Files.readAllBytes(Path.of(f)), false), Fixtures.CONTEXT);
      System.out.write(t.document()); System.out.flush();
      System.out.println(t.violations());
    }
  }
}
